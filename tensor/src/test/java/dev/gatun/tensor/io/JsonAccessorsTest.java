package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonAccessorsTest {

    private final Map<String, Object> config = Json.parseObject("""
            {"hidden_size": 768, "big": 3000000000, "huge": 12345678901234567890123,
             "eps": 1e-12, "name": "bert", "tied": true, "window": null,
             "layers": [1, 2], "rope": {"theta": 10000.0}}""");

    private static void assertError(Executable call, String... fragments) {
        GatunException e = assertThrows(GatunException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
        }
    }

    @Test
    void readsPresentValues() {
        assertEquals(768, Json.getInt(config, "hidden_size"));
        assertEquals(3_000_000_000L, Json.getLong(config, "big"));
        assertEquals(1e-12, Json.getDouble(config, "eps"));
        assertEquals(768.0, Json.getDouble(config, "hidden_size"));
        assertEquals("bert", Json.getString(config, "name"));
        assertTrue(Json.getBoolean(config, "tied"));
        assertEquals(List.of(1L, 2L), Json.getList(config, "layers"));
        assertEquals(10000.0, Json.getDouble(Json.getObject(config, "rope"), "theta"));
    }

    @Test
    void defaultsApplyWhenMissingOrNull() {
        assertEquals(7, Json.getInt(config, "absent", 7));
        assertEquals(7, Json.getInt(config, "window", 7));
        assertEquals(768, Json.getInt(config, "hidden_size", 7));
        assertEquals(-1L, Json.getLong(config, "window", -1L));
        assertEquals(0.5, Json.getDouble(config, "absent", 0.5));
        assertEquals("x", Json.getString(config, "absent", "x"));
        assertFalse(Json.getBoolean(config, "absent", false));
    }

    @Test
    void requiredKeysReportMissingAndNull() {
        assertError(() -> Json.getInt(config, "absent"), "\"absent\"", "expected an integer", "no such key");
        assertError(() -> Json.getString(config, "window"), "\"window\"", "expected a string", "found null");
    }

    @Test
    void typeMismatchesNameKeyExpectedAndFound() {
        assertError(() -> Json.getInt(config, "name"), "\"name\"", "expected an integer", "string \"bert\"");
        assertError(() -> Json.getInt(config, "big"), "\"big\"", "int range", "integer 3000000000");
        assertError(() -> Json.getLong(config, "huge"), "\"huge\"", "long range", "12345678901234567890123");
        assertError(() -> Json.getInt(config, "eps"), "\"eps\"", "expected an integer", "number 1.0E-12");
        assertError(() -> Json.getInt(config, "eps", 3), "\"eps\"", "expected an integer");
        assertError(() -> Json.getDouble(config, "name"), "\"name\"", "expected a number");
        assertError(() -> Json.getBoolean(config, "hidden_size"), "expected a boolean", "integer 768");
        assertError(() -> Json.getString(config, "layers"), "expected a string", "an array of 2 items");
        assertError(() -> Json.getList(config, "rope"), "expected an array", "an object of 1 keys");
        assertError(() -> Json.getObject(config, "layers"), "\"layers\"", "expected an object");
    }
}
