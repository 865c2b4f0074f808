package dev.gatun.models.bert;

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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertLoadTest {
    @TempDir
    Path dir;

    private void save(Map<String, Tensor> state) throws Exception {
        Files.writeString(dir.resolve("config.json"), Json.writePretty(BertModelTest.TINY.toJson()));
        TensorFiles.save(dir.resolve("model.safetensors"), state, Map.of("format", "pt"));
    }

    private static float[] run(BertModel m) {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            return m.forward(BertModelTest.ids(new long[][] {{1, 5, 9, 2}}), null, null).lastHiddenState().toFloatArray();
        }
    }

    @Test
    void savedFolderLoadsToTheSameModel() throws Exception {
        BertModel original = BertModelTest.spread(BertModelTest.tiny(true, 1), 2);
        save(original.stateDict());
        BertModel loaded = BertModel.load(dir);
        assertTrue(loaded.hasPooler());
        assertFalse(loaded.isTraining());
        assertArrayEquals(run(original), run(loaded), 1e-6f);
    }

    @Test
    void checkpointOfAModelWithHeadsLoadsItsEncoder() throws Exception {
        BertModel original = BertModelTest.spread(BertModelTest.tiny(false, 3), 4);
        Map<String, Tensor> state = new LinkedHashMap<>();
        original.stateDict().forEach((k, v) -> state.put("bert." + k, v));
        state.put("bert.embeddings.position_ids", Tensor.arange(12).reshape(1, 12));
        state.put("cls.predictions.bias", Tensor.zeros(40));
        save(state);
        BertModel loaded = BertModel.load(dir);
        assertFalse(loaded.hasPooler());
        assertArrayEquals(run(original), run(loaded), 1e-6f);
    }

    @Test
    void halfPrecisionWeightsAreWidened() throws Exception {
        BertModel original = BertModelTest.tiny(false, 5);
        Map<String, Tensor> half = new LinkedHashMap<>();
        original.stateDict().forEach((k, v) -> half.put(k, v.to(DType.BF16)));
        save(half);
        BertModel loaded = BertModel.load(dir);
        assertTrue(loaded.parameters().stream().allMatch(p -> p.dtype() == DType.F32));
    }

    @Test
    void missingWeightIsReportedWithTheFolder() throws Exception {
        Map<String, Tensor> state = new LinkedHashMap<>(BertModelTest.tiny(false, 1).stateDict());
        state.remove("encoder.layer.1.output.dense.bias");
        save(state);
        GatunException e = assertThrows(GatunException.class, () -> BertModel.load(dir));
        assertTrue(e.getMessage().startsWith(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("missing keys: encoder.layer.1.output.dense.bias"), e.getMessage());
    }

    @Test
    void folderWithoutConfigIsReported() {
        GatunException e = assertThrows(GatunException.class, () -> BertModel.load(dir));
        assertTrue(e.getMessage().contains("config.json"), e.getMessage());
    }
}
