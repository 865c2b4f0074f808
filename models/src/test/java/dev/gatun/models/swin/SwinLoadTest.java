package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loading model folders: what is ignored, and the errors for what does not fit. */
class SwinLoadTest {
    private static final String BLOCK = "swin.encoder.layers.0.blocks.1.";

    @TempDir
    Path tmp;

    /** A copy of a fixture folder with its weights and config edited. */
    private Path edited(String fixture, Consumer<Map<String, Tensor>> weights, Consumer<Map<String, Object>> config)
            throws IOException {
        Path src = SwinFixtures.folder(fixture);
        Path dst = tmp.resolve(fixture);
        Files.createDirectories(dst);
        Map<String, Tensor> state = new LinkedHashMap<>();
        try (TensorSource source = Safetensors.openModel(src)) {
            TensorFiles.tensors(source).forEach((k, v) -> state.put(k, v.clone()));
        }
        weights.accept(state);
        TensorFiles.save(dst.resolve("model.safetensors"), state, Map.of("format", "pt"));
        Map<String, Object> json = Json.parseObject(src.resolve("config.json"));
        config.accept(json);
        Files.writeString(dst.resolve("config.json"), Json.writePretty(json));
        return dst;
    }

    private static String loadError(Path folder) {
        return assertThrows(GatunException.class, () -> SwinForImageClassification.load(folder)).getMessage();
    }

    @Test
    void missingUnexpectedAndMisShapedTensorsAreNamed() throws IOException {
        Path folder = edited("swin-pad", s -> {
            s.remove(BLOCK + "attention.self.key.weight");
            s.put("swin.encoder.layers.0.blocks.1.attention.self.extra", Tensor.zeros(2));
            s.put("classifier.weight", Tensor.zeros(7, 32));
        }, c -> { });
        String message = loadError(folder);
        assertTrue(message.startsWith(folder.toString()), message);
        assertTrue(message.contains("missing keys: " + BLOCK + "attention.self.key.weight"), message);
        assertTrue(message.contains("unexpected keys: " + BLOCK + "attention.self.extra"), message);
        assertTrue(message.contains("classifier.weight (expected [10, 32], got [7, 32])"), message);
    }

    @Test
    void recomputedBuffersAreIgnoredEvenWhenWrong() {
        // swinv2-window's checkpoint holds zeroed relative_coords_table and relative_position_index
        // buffers; swin-pad's holds relative_position_index. Both load and match (see SwinParityTest).
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder("swinv2-window"));
        assertTrue(model.stateDict().keySet().stream().noneMatch(SwinCheckpoint::isRecomputedBuffer));
    }

    @Test
    void aBaseCheckpointIsNotAClassifier() throws IOException {
        Path folder = edited("swin-pad", s -> {
            Map<String, Tensor> bare = new LinkedHashMap<>();
            s.forEach((k, v) -> {
                if (k.startsWith("swin.")) {
                    bare.put(k.substring(5), v);
                }
            });
            s.clear();
            s.putAll(bare);
        }, c -> { });
        assertTrue(loadError(folder).contains("has no 'swin.' keys"), loadError(folder));
        SwinModel base = SwinModel.load(folder);
        Map<String, Tensor> ref = SwinFixtures.reference("swin-pad");
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor hidden = base.forward(ref.get("pixel_values")).lastHiddenState();
            assertTrue(SwinFixtures.maxAbsDiff(hidden, ref.get("last_hidden_state")) <= 1e-4);
        }
    }

    @Test
    void configErrorsNameTheFileAndTheKey() throws IOException {
        Path heads = edited("swin-pad", s -> { }, c -> c.put("num_heads", List.of(3, 4)));
        String message = loadError(heads);
        assertTrue(message.contains("config.json") && message.contains("stage 0 width 16 is not a multiple of"
                + " num_heads[0] = 3"), message);
        Path type = edited("swin-pad", s -> { }, c -> c.put("model_type", "vit"));
        assertTrue(loadError(type).contains("model_type 'vit' is not supported"), loadError(type));
        Path act = edited("swin-pad", s -> { }, c -> c.put("hidden_act", "swish"));
        assertTrue(loadError(act).contains("hidden_act 'swish'"), loadError(act));
        String missing = assertThrows(GatunException.class, () -> SwinModel.load(tmp.resolve("nothing"))).getMessage();
        assertTrue(missing.contains("config.json"), missing);
    }

    @Test
    void configDefaultsAreSwinTiny() {
        SwinConfig c = SwinConfig.fromJson(Map.of());
        assertEquals("swin", c.modelType());
        assertEquals(224, c.imageSize());
        assertEquals(List.of(2, 2, 6, 2), c.depths());
        assertEquals(List.of(3, 6, 12, 24), c.numHeads());
        assertEquals(7, c.windowSize());
        assertEquals(768, c.hiddenSize());
        assertEquals(2, c.numLabels());
        assertEquals(1e-5, c.layerNormEps());
        SwinConfig v2 = SwinConfig.fromJson(Map.of("model_type", "swinv2", "image_size", List.of(256L, 256L)));
        assertEquals(256, v2.imageSize());
        assertEquals(List.of(0, 0, 0, 0), v2.pretrainedWindowSizes());
        assertEquals(SwinConfig.fromJson(c.toJson()), c);
    }

    @Test
    void badPixelValuesAreRejected() {
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder("swin-pad"));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            String rank = assertThrows(GatunException.class, () -> model.forward(Tensor.zeros(3, 18, 26))).getMessage();
            assertTrue(rank.contains("pixel_values must be F32 (B, 3, height, width)") && rank.contains("[3, 18, 26]"),
                    rank);
            String dtype = assertThrows(GatunException.class,
                    () -> model.forward(Tensor.zeros(DType.F64, 1, 3, 18, 26))).getMessage();
            assertTrue(dtype.contains("f64"), dtype);
            String small = assertThrows(GatunException.class,
                    () -> model.forward(Tensor.zeros(1, 3, 10, 10))).getMessage();
            assertTrue(small.contains("grid of 3x3 tokens is smaller than window_size 4"), small);
        }
    }

    @Test
    void absolutePositionEmbeddingsNeedTheConfiguredResolution() {
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder("swin-window"));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            String message = assertThrows(GatunException.class,
                    () -> model.forward(Tensor.zeros(1, 3, 72, 64))).getMessage();
            assertTrue(message.contains("hold 256 positions but the input has a 18x16 patch grid"), message);
        }
    }
}
