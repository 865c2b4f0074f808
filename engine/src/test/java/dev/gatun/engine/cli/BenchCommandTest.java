package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
