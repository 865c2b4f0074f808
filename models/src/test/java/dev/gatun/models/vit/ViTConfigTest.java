package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViTConfigTest {
    @TempDir
    Path dir;

    private static ViTConfig parse(String json) {
        return ViTConfig.fromJson(Json.parseObject(json));
    }

    private static String error(String json) {
        return assertThrows(GatunException.class, () -> parse(json)).getMessage();
    }

    @Test
    void emptyConfigHasTheDefaultsOfViTBase() {
        ViTConfig c = parse("{}");
        assertEquals(768, c.hiddenSize());
        assertEquals(12, c.numHiddenLayers());
        assertEquals(12, c.numAttentionHeads());
        assertEquals(3072, c.intermediateSize());
        assertEquals("gelu", c.hiddenAct());
        assertEquals(0.0, c.hiddenDropoutProb());
        assertEquals(0.0, c.attentionProbsDropoutProb());
        assertEquals(0.02, c.initializerRange());
        assertEquals(1e-12, c.layerNormEps());
        assertEquals(224, c.imageSize());
        assertEquals(16, c.patchSize());
        assertEquals(3, c.numChannels());
        assertTrue(c.qkvBias());
        assertEquals(16, c.encoderStride());
        assertEquals(768, c.poolerOutputSize());
        assertEquals("tanh", c.poolerAct());
        assertEquals(2, c.numLabels());
        assertEquals("LABEL_1", c.id2label().get(1));
        assertEquals(0, c.label2id().get("LABEL_0"));
        assertEquals(196, c.numPatches());
        assertEquals(64, c.headSize());
    }

    @Test
    void readsEveryKey() {
        ViTConfig c = parse("""
                {"hidden_size": 12, "num_hidden_layers": 1, "num_attention_heads": 3, "intermediate_size": 20,
                 "hidden_act": "silu", "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.2,
                 "initializer_range": 0.5, "layer_norm_eps": 1e-5, "image_size": 30, "patch_size": 7,
                 "num_channels": 1, "qkv_bias": false, "encoder_stride": 7, "pooler_output_size": 5,
                 "pooler_act": "relu", "id2label": {"1": "dog", "0": "cat"}, "label2id": {"cat": 0, "dog": 1}}
                """);
        assertEquals(new ViTConfig(12, 1, 3, 20, "silu", 0.1, 0.2, 0.5, 1e-5, 30, 7, 1, false, 7, 5, "relu",
                Map.of(0, "cat", 1, "dog"), Map.of("cat", 0, "dog", 1)), c);
        assertEquals(16, c.numPatches());                                     // floor(30 / 7) = 4 per side
    }

    @Test
    void numLabelsWithoutNamesGivesGenericLabels() {
        ViTConfig c = parse("{\"num_labels\": 3}");
        assertEquals(3, c.numLabels());
        assertEquals("LABEL_2", c.id2label().get(2));
    }

    @Test
    void everyListedActivationIsAccepted() {
        for (String act : ViTConfig.ACTIVATIONS) {
            assertEquals(act, parse("{\"hidden_act\": \"" + act + "\"}").hiddenAct());
        }
    }

    @Test
    void unsupportedValuesAreNamed() {
        assertTrue(error("{\"hidden_act\": \"quick_gelu\"}").contains("hidden_act 'quick_gelu' is not supported"));
        assertTrue(error("{\"pooler_act\": \"softmax\"}").contains("pooler_act 'softmax'"));
        assertTrue(error("{\"hidden_size\": 10, \"num_attention_heads\": 3}")
                .contains("hidden_size 10 is not a multiple of num_attention_heads 3"));
        assertTrue(error("{\"patch_size\": 0}").contains("patch_size must be >= 1, got 0"));
        assertTrue(error("{\"image_size\": 8, \"patch_size\": 16}").contains("patch_size 16 is larger than image_size 8"));
        assertTrue(error("{\"hidden_dropout_prob\": 1.5}").contains("hidden_dropout_prob must be in [0, 1), got 1.5"));
        assertTrue(error("{\"layer_norm_eps\": 0}").contains("layer_norm_eps must be > 0"));
        assertTrue(error("{\"id2label\": {\"0\": \"a\", \"2\": \"b\"}}").contains("id2label must number its classes 0 to 1"));
        assertTrue(error("{\"id2label\": {\"x\": \"a\"}}").contains("id2label keys must be class indices, got 'x'"));
        assertTrue(error("{\"image_size\": [224, 224]}").contains("image_size"));
    }

    @Test
    void readNamesTheFileAndChecksTheModelType() throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\"model_type\": \"swin\"}");
        String e = assertThrows(GatunException.class, () -> ViTConfig.read(dir)).getMessage();
        assertTrue(e.contains(file.toString()) && e.contains("model_type is 'swin', expected 'vit'"), e);
        Files.writeString(file, "{\"model_type\": \"vit\", \"hidden_act\": \"tanh\"}");
        e = assertThrows(GatunException.class, () -> ViTConfig.read(dir)).getMessage();
        assertTrue(e.startsWith(file.toString()) && e.contains("hidden_act 'tanh'"), e);
        e = assertThrows(GatunException.class, () -> ViTConfig.read(dir.resolve("missing"))).getMessage();
        assertTrue(e.contains("no such file"), e);
    }

    @Test
    void toJsonReadsBackToTheSameConfig() {
        ViTConfig c = ViTFixtures.TINY.withHiddenAct("gelu_new").withDropout(0.1, 0.05);
        Map<String, Object> json = new HashMap<>(Json.parseObject(Json.write(c.toJson("ViTModel"))));
        assertEquals("vit", json.get("model_type"));
        assertEquals(c, ViTConfig.fromJson(json));
        assertFalse(c.equals(ViTFixtures.TINY));
    }
}
