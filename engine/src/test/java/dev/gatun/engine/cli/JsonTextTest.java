package dev.gatun.engine.cli;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTextTest {

    @Test
    void writesNestedValuesCompactlyInMapOrder() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "gatun");
        m.put("size", 512);
        m.put("gflops", 12.5);
        m.put("ok", true);
        m.put("none", null);
        m.put("list", Arrays.asList(1, "two", null));
        m.put("nested", Map.of("k", List.of()));
        assertEquals("{\"name\":\"gatun\",\"size\":512,\"gflops\":12.5,\"ok\":true,\"none\":null,"
                + "\"list\":[1,\"two\",null],\"nested\":{\"k\":[]}}", JsonText.write(m));
    }

    @Test
    void escapesQuotesControlAndNonAsciiCharacters() {
        assertEquals("\"a\\\"b\\\\c\\n\\t\\u0001\\u00e9\"", JsonText.write("a\"b\\c\n\t\u0001\u00e9"));
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,1.0]", JsonText.write(List.of(Double.NaN, Float.POSITIVE_INFINITY, 1.0)));
    }

    @Test
    void rejectsOtherObjects() {
        assertThrows(IllegalArgumentException.class, () -> JsonText.write(new Object()));
    }
}
