package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.io.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoCommandTest {
    @Test
    void lossFallsAndHistoryIsReported() {
        CommandRunner r = CommandRunner.run("demo", "--steps", "80", "--points", "64", "--hidden", "16", "--lr", "0.05", "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> report = Json.parseObject(r.out());
        double initial = Json.getDouble(report, "initial_loss");
        double last = Json.getDouble(report, "final_loss");
        assertTrue(last < 0.5 * initial, "loss " + initial + " -> " + last);
        assertTrue(Json.getDouble(report, "final_accuracy") > 0.8, r.out());
        List<Object> history = Json.getList(report, "history");
        assertEquals(10, history.size());
    }

    @Test
    void badOptionIsAUsageError() {
        CommandRunner r = CommandRunner.run("demo", "--steps", "zero");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--steps"), r.err());
    }
}
