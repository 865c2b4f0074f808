package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.swin.SwinConfig;
import dev.gatun.models.vit.ViTConfig;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchCommandTest {
    @Test
    void reportsOneJsonLinePerShape() {
        CommandRunner r = CommandRunner.run("bench", "matmul", "--shape", "8x16x32", "--shape", "1x64x64:bf16:nt",
                "--seconds", "0.05", "--backend", "java", "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().strip().lines().toList();
        assertEquals(2, lines.size(), r.out());
        Map<String, Object> first = Json.parseObject(lines.get(0));
        assertEquals(8L, first.get("m"));
        assertEquals(16L, first.get("n"));
        assertEquals(32L, first.get("k"));
        assertTrue(Json.getDouble(first, "gflops") > 0);
        Map<String, Object> second = Json.parseObject(lines.get(1));
        assertEquals("bf16", second.get("b"));
        assertEquals("NT", second.get("layout"));
        assertEquals("java", second.get("backend"));
    }

    @Test
    void timesEveryInstalledBackendByDefault() {
        CommandRunner r = CommandRunner.run("bench", "matmul", "--shape", "5x7x9:nt", "--seconds", "0.05", "--json");
        assertEquals(0, r.exitCode(), r.err());
        List<String> backends = r.out().strip().lines().map(line -> (String) Json.parseObject(line).get("backend")).toList();
        assertEquals(Backends.installed().stream().map(Backend::name).toList(), backends);
    }

    @Test
    void unknownBackendNamesTheInstalledOnes() {
        CommandRunner r = CommandRunner.run("bench", "matmul", "--shape", "4x4x4", "--backend", "tpu");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'tpu'") && r.err().contains("java"), r.err());
    }

    @Test
    void badShapeIsOneClearError() {
        CommandRunner r = CommandRunner.run("bench", "matmul", "--shape", "3x4");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("MxNxK"), r.err());
    }

    @Test
    void unknownBenchmarkIsAUsageError() {
        CommandRunner r = CommandRunner.run("bench", "attention");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("matmul"), r.err());
    }

    @Test
    void modelBenchReportsLatencyOfAModelFolder() {
        CommandRunner r = CommandRunner.run("bench", "model", "--model", ModelFixtures.path("vit/classifier").toString(),
                "--batch", "2", "--seconds", "0.05", "--backend", "java", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> result = Json.parseObject(r.out().strip());
        assertEquals("vit", result.get("model_type"));
        assertEquals(2L, result.get("batch"));
        assertEquals(32L, result.get("image_size"));
        assertEquals("java", result.get("backend"));
        double ms = Json.getDouble(result, "ms_per_forward");
        assertTrue(ms > 0, r.out());
        assertEquals(2 * 1000 / ms, Json.getDouble(result, "images_per_second"), 1e-6 * (2 * 1000 / ms));
        assertTrue(Json.getLong(result, "runs") >= 5, r.out());
    }

    @Test
    void standardArchitecturesHaveTheirPublishedShapes() {
        ViTConfig base = ViTConfig.fromJson(ModelBench.STANDARD.get("vit-base"));
        assertEquals(List.of(768, 12, 12, 3072, 16, 224), List.of(base.hiddenSize(), base.numHiddenLayers(),
                base.numAttentionHeads(), base.intermediateSize(), base.patchSize(), base.imageSize()));
        ViTConfig small = ViTConfig.fromJson(ModelBench.STANDARD.get("vit-small"));
        assertEquals(List.of(384, 12, 6, 1536), List.of(small.hiddenSize(), small.numHiddenLayers(),
                small.numAttentionHeads(), small.intermediateSize()));
        SwinConfig tiny = SwinConfig.fromJson(ModelBench.STANDARD.get("swin-tiny"));
        assertEquals(96, tiny.embedDim());
        assertEquals(List.of(2, 2, 6, 2), tiny.depths());
        assertEquals(List.of(3, 6, 12, 24), tiny.numHeads());
        assertEquals(7, tiny.windowSize());
        assertEquals(768, tiny.hiddenSize());
        assertEquals(1000, tiny.numLabels());
    }

    @Test
    void unknownModelNamesTheStandardOnes() {
        CommandRunner r = CommandRunner.run("bench", "model", "--model", "vit-huge");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'vit-huge'") && r.err().contains("vit-base, vit-small, swin-tiny"), r.err());
    }

    @Test
    void optionsOfTheOtherBenchmarkAreUsageErrors() {
        CommandRunner r = CommandRunner.run("bench", "matmul", "--batch", "4");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--batch") && r.err().contains("matmul"), r.err());
        r = CommandRunner.run("bench", "model", "--shape", "4x4x4");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--shape"), r.err());
    }
}
