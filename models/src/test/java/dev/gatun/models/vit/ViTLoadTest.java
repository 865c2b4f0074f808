package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViTLoadTest {
    @TempDir
    Path dir;

    private void save(Map<String, Tensor> state, String architecture) throws Exception {
        Files.writeString(dir.resolve("config.json"), Json.writePretty(ViTFixtures.TINY.toJson(architecture)));
        TensorFiles.save(dir.resolve("model.safetensors"), state, Map.of("format", "pt"));
    }

    private static Tensor pixels() {
        return Tensor.randn(new SplittableRandom(5), DType.F32, 2, 3, 8, 8);
    }

    private static float[] run(ViTForImageClassification m) {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            return m.forward(pixels()).logits().toFloatArray();
        }
    }

    private static ViTForImageClassification tinyClassifier(long seed) {
        return ViTFixtures.spread(new ViTForImageClassification(ViTFixtures.TINY, new SplittableRandom(seed)), seed, 0.5);
    }

    private String loadError(Map<String, Tensor> state) throws Exception {
        save(state, "ViTForImageClassification");
        GatunException e = assertThrows(GatunException.class, () -> ViTForImageClassification.load(dir));
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void stateDictHasHuggingFaceNames() {
        Map<String, Tensor> state = new ViTForImageClassification(ViTFixtures.TINY, new SplittableRandom(1)).stateDict();
        for (String key : List.of("vit.embeddings.cls_token", "vit.embeddings.position_embeddings",
                "vit.embeddings.patch_embeddings.projection.weight", "vit.embeddings.patch_embeddings.projection.bias",
                "vit.encoder.layer.1.layernorm_before.weight", "vit.encoder.layer.1.attention.attention.query.weight",
                "vit.encoder.layer.1.attention.attention.key.bias", "vit.encoder.layer.1.attention.attention.value.weight",
                "vit.encoder.layer.0.attention.output.dense.weight", "vit.encoder.layer.0.layernorm_after.bias",
                "vit.encoder.layer.0.intermediate.dense.weight", "vit.encoder.layer.0.output.dense.bias",
                "vit.layernorm.weight", "classifier.weight", "classifier.bias")) {
            assertTrue(state.containsKey(key), key);
        }
        assertTrue(state.size() == 6 + 16 * 2 + 2, "keys: " + state.keySet());
        assertArrayEquals(new int[] {1, 5, 8}, state.get("vit.embeddings.position_embeddings").shape());
        assertArrayEquals(new int[] {8, 3, 4, 4}, state.get("vit.embeddings.patch_embeddings.projection.weight").shape());
        assertArrayEquals(new int[] {3, 8}, state.get("classifier.weight").shape());
    }

    @Test
    void newModelIsInitialisedAsHuggingFaceDoes() {
        ViTModel m = new ViTModel(ViTFixtures.TINY.withDropout(0, 0), true, new SplittableRandom(3));
        Map<String, Tensor> p = m.namedParameters();
        double std = Math.sqrt(p.get("encoder.layer.0.intermediate.dense.weight").pow(2).mean().item());
        assertTrue(Math.abs(std - 0.02) < 0.005, "weight std " + std);
        assertTrue(p.get("embeddings.position_embeddings").abs().sum().item() > 0);
        assertTrue(p.get("encoder.layer.0.output.dense.bias").abs().sum().item() == 0);
        assertTrue(p.get("layernorm.weight").sub(1.0).abs().sum().item() == 0);
    }

    @Test
    void savedFolderLoadsToTheSameModel() throws Exception {
        ViTForImageClassification original = tinyClassifier(2);
        save(original.stateDict(), "ViTForImageClassification");
        ViTForImageClassification loaded = ViTForImageClassification.load(dir);
        assertFalse(loaded.isTraining());
        assertArrayEquals(run(original), run(loaded), 1e-6f);
    }

    @Test
    void buffersAndUnusedPoolerWeightsAreIgnored() throws Exception {
        ViTForImageClassification original = tinyClassifier(4);
        Map<String, Tensor> state = new LinkedHashMap<>(original.stateDict());
        state.put("vit.embeddings.position_ids", Tensor.arange(5).reshape(1, 5));
        state.put("vit.pooler.dense.weight", Tensor.zeros(8, 8));
        state.put("vit.pooler.dense.bias", Tensor.zeros(8));
        save(state, "ViTForImageClassification");
        assertArrayEquals(run(original), run(ViTForImageClassification.load(dir)), 1e-6f);
    }

    @Test
    void halfPrecisionWeightsAreWidened() throws Exception {
        Map<String, Tensor> half = new LinkedHashMap<>();
        tinyClassifier(5).stateDict().forEach((k, v) -> half.put(k, v.to(DType.BF16)));
        save(half, "ViTForImageClassification");
        assertTrue(ViTForImageClassification.load(dir).parameters().stream().allMatch(p -> p.dtype() == DType.F32));
    }

    @Test
    void missingTensorIsNamed() throws Exception {
        Map<String, Tensor> state = new LinkedHashMap<>(tinyClassifier(1).stateDict());
        state.remove("vit.encoder.layer.1.attention.attention.key.weight");
        assertTrue(loadError(state).contains("missing keys: vit.encoder.layer.1.attention.attention.key.weight"));
    }

    @Test
    void misShapedTensorIsNamedWithBothShapes() throws Exception {
        Map<String, Tensor> state = new LinkedHashMap<>(tinyClassifier(1).stateDict());
        state.put("vit.embeddings.position_embeddings", Tensor.zeros(1, 10, 8));
        String e = loadError(state);
        assertTrue(e.contains("shape mismatch: vit.embeddings.position_embeddings (expected [1, 5, 8], got [1, 10, 8])"), e);
    }

    @Test
    void unexpectedTensorIsNamed() throws Exception {
        Map<String, Tensor> state = new LinkedHashMap<>(tinyClassifier(1).stateDict());
        state.put("vit.encoder.layer.2.output.dense.bias", Tensor.zeros(8));
        assertTrue(loadError(state).contains("unexpected keys: vit.encoder.layer.2.output.dense.bias"));
    }

    @Test
    void bareBackboneIsNotAClassifier() throws Exception {
        save(new ViTModel(ViTFixtures.TINY, true, new SplittableRandom(1)).stateDict(), "ViTModel");
        GatunException e = assertThrows(GatunException.class, () -> ViTForImageClassification.load(dir));
        assertTrue(e.getMessage().contains("bare ViTModel"), e.getMessage());
        assertTrue(ViTModel.load(dir).hasPooler());
    }

    @Test
    void wrongConfigValueIsReportedWithTheFile() throws Exception {
        ViTFixtures.copyFolder("classifier", dir);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"hidden_size\": 48", "\"hidden_size\": 50"));
        GatunException e = assertThrows(GatunException.class, () -> ViTForImageClassification.load(dir));
        assertTrue(e.getMessage().contains("config.json") && e.getMessage()
                .contains("hidden_size 50 is not a multiple of num_attention_heads 4"), e.getMessage());
    }

    @Test
    void configThatDisagreesWithTheWeightsNamesTheTensors() throws Exception {
        ViTFixtures.copyFolder("classifier", dir);
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"intermediate_size\": 96", "\"intermediate_size\": 64"));
        String e = assertThrows(GatunException.class, () -> ViTForImageClassification.load(dir)).getMessage();
        assertTrue(e.contains("vit.encoder.layer.0.intermediate.dense.weight (expected [64, 48], got [96, 48])"), e);
    }

    @Test
    void missingWeightsFileIsReported() throws Exception {
        Files.writeString(dir.resolve("config.json"), Json.writePretty(ViTFixtures.TINY.toJson("ViTModel")));
        GatunException e = assertThrows(GatunException.class, () -> ViTModel.load(dir));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void badPixelValuesAreRejected() {
        ViTModel m = new ViTModel(ViTFixtures.TINY, false, new SplittableRandom(1));
        String e = assertThrows(GatunException.class, () -> m.forward(Tensor.zeros(3, 8, 8))).getMessage();
        assertTrue(e.contains("F32 (B, 3, height, width), got F32 [3, 8, 8]"), e);
        e = assertThrows(GatunException.class, () -> m.forward(Tensor.zeros(1, 1, 8, 8))).getMessage();
        assertTrue(e.contains("got F32 [1, 1, 8, 8]"), e);
        e = assertThrows(GatunException.class, () -> m.forward(Tensor.zeros(DType.F64, 1, 3, 8, 8))).getMessage();
        assertTrue(e.contains("got F64"), e);
        e = assertThrows(GatunException.class, () -> m.forward(Tensor.zeros(1, 3, 3, 8), true)).getMessage();
        assertTrue(e.contains("smaller than one 4 x 4 patch"), e);
        e = assertThrows(GatunException.class, () -> m.forward(Tensor.zeros(1, 3, 8, 12))).getMessage();
        assertTrue(e.contains("8 x 12") && e.contains("interpolatePosEncoding"), e);
    }
}
