package dev.gatun.models.auto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.vit.ViTForImageClassification;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoModelTest {
    private static final Path VIT = Path.of("src/test/resources/vit/classifier");

    @TempDir
    Path dir;

    @Test
    void vitClassifierGivesTheSameLogitsAsTheFamilyClass() {
        AutoModel auto = AutoModel.load(VIT);
        assertEquals("vit", auto.modelType());
        assertEquals(List.of("logits", "last_hidden_state"), auto.outputNames());
        assertEquals(10, auto.labels().size());
        assertEquals("class_3", auto.labels().get(3));
        Tensor pixels = Tensor.randn(new SplittableRandom(2), DType.F32, 2, 3, 32, 32);
        Tensor expected;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            expected = ViTForImageClassification.load(VIT).forward(pixels).logits();
        }
        Tensor got = auto.forward(Map.of("pixel_values", pixels)).get("logits");
        assertEquals(List.of(2, 10), List.of(got.size(0), got.size(1)));
        assertClose(expected, got);
    }

    @Test
    void halfPrecisionPixelsAreReadAsF32() {
        AutoModel auto = AutoModel.load(VIT);
        Tensor pixels = Tensor.randn(new SplittableRandom(3), DType.F32, 1, 3, 32, 32).to(DType.BF16);
        Tensor a = auto.forward(Map.of("pixel_values", pixels)).get("logits");
        Tensor b = auto.forward(Map.of("pixel_values", pixels.to(DType.F32))).get("logits");
        assertClose(b, a);
    }

    /** Equal up to float rounding: summation order follows the kernel thread count. */
    private static void assertClose(Tensor expected, Tensor actual) {
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        assertEquals(e.length, a.length);
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-5, "logit " + i);
        }
    }

    @Test
    void integerPixelsAreRejectedByName() {
        AutoModel auto = AutoModel.load(VIT);
        GatunException e = assertThrows(GatunException.class,
                () -> auto.forward(Map.of("pixel_values", Tensor.zeros(DType.I64, 1, 3, 32, 32))));
        assertTrue(e.getMessage().contains("'pixel_values'") && e.getMessage().contains("I64"), e.getMessage());
    }

    @Test
    void unsupportedOrMissingModelTypeListsTheSupportedOnes() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\"}");
        GatunException e = assertThrows(GatunException.class, () -> AutoModel.load(dir));
        assertTrue(e.getMessage().contains("'llama'") && e.getMessage().contains("vit, swin, swinv2, bert"),
                e.getMessage());
        Files.writeString(dir.resolve("config.json"), "{}");
        e = assertThrows(GatunException.class, () -> AutoModel.load(dir));
        assertTrue(e.getMessage().contains("model_type is missing"), e.getMessage());
    }

    @Test
    void folderWithoutConfigIsNamed() {
        GatunException e = assertThrows(GatunException.class, () -> AutoModel.load(dir));
        assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void randomModelFollowsTheConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model_type", "vit");
        config.put("architectures", List.of("ViTModel"));
        config.put("hidden_size", 16L);
        config.put("num_hidden_layers", 1L);
        config.put("num_attention_heads", 2L);
        config.put("intermediate_size", 32L);
        config.put("image_size", 8L);
        config.put("patch_size", 4L);
        AutoModel auto = AutoModel.random(config);
        assertEquals(List.of("last_hidden_state", "pooler_output"), auto.outputNames());
        Tensor h = auto.forward(Map.of("pixel_values", Tensor.zeros(1, 3, 8, 8))).get("last_hidden_state");
        assertEquals(List.of(1, 5, 16), List.of(h.size(0), h.size(1), h.size(2)));   // (B, 1 + T, C)
    }

    @Test
    void labelsMustBeNumberedFromZero() {
        ModelFolder f = ModelFolder.inMemory(Map.of("id2label", Map.of("1", "a", "2", "b")));
        GatunException e = assertThrows(GatunException.class, f::labels);
        assertTrue(e.getMessage().contains("0..1"), e.getMessage());
    }
}
