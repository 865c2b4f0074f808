package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.TensorFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InfoCommandTest {
    @TempDir
    Path dir;

    private Path writeModel() throws Exception {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("embeddings.word_embeddings.weight", Tensor.zeros(DType.BF16, 10, 4));
        tensors.put("encoder.layer.0.attention.self.query.weight", Tensor.zeros(DType.F32, 4, 4));
        tensors.put("encoder.layer.0.attention.self.query.bias", Tensor.zeros(DType.F32, 4));
        TensorFiles.save(dir.resolve("model.safetensors"), tensors, Map.of("format", "pt"));
        Files.writeString(dir.resolve("config.json"), "{\"architectures\": [\"BertModel\"], \"model_type\": \"bert\"}");
        return dir;
    }

    @Test
    void textReportListsTensorsAndTotals() throws Exception {
        CommandRunner r = CommandRunner.run("info", writeModel().toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("encoder.layer.0.attention.self.query.weight  F32   [4, 4]"), r.out());
        assertTrue(r.out().contains("parameters    60 "), r.out());
        assertTrue(r.out().contains("bytes         160 "), r.out());
        assertTrue(r.out().contains("BertModel"), r.out());
    }

    @Test
    void jsonReportHasCountsPerDtype() throws Exception {
        CommandRunner r = CommandRunner.run("info", "--json", writeModel().resolve("model.safetensors").toString());
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> report = Json.parseObject(r.out());
        assertEquals(3L, report.get("tensors"));
        assertEquals(60L, report.get("parameters"));
        assertEquals(List.of("BertModel"), report.get("architectures"));
        Map<String, Object> bf16 = Json.getObject(Json.getObject(report, "dtypes"), "BF16");
        assertEquals(40L, bf16.get("parameters"));
        assertEquals(80L, bf16.get("bytes"));
    }

    @Test
    void corruptFileIsOneLineOnStderr() throws Exception {
        Path bad = dir.resolve("bad.safetensors");
        Files.write(bad, new byte[] {1, 2, 3});
        CommandRunner r = CommandRunner.run("info", bad.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("bad.safetensors"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.out().isEmpty());
    }

    @Test
    void missingPathIsAnError() {
        CommandRunner r = CommandRunner.run("info", dir.resolve("nope").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("nope"), r.err());
    }
}
