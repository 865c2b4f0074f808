package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonWriterTest {

    private static Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", 1L);
        m.put("b", Arrays.asList(true, null, "x"));
        m.put("c", Map.of());
        m.put("d", List.of());
        m.put("e", Map.of("k", 2.5));
        return m;
    }

    @Test
    void compactHasNoWhitespace() {
        assertEquals("{\"a\":1,\"b\":[true,null,\"x\"],\"c\":{},\"d\":[],\"e\":{\"k\":2.5}}", Json.write(sample()));
    }

    @Test
    void prettyIndentsByTwoSpaces() {
        String expected = """
                {
                  "a": 1,
                  "b": [
                    true,
                    null,
                    "x"
                  ],
                  "c": {},
                  "d": [],
                  "e": {
                    "k": 2.5
                  }
                }""";
        assertEquals(expected, Json.writePretty(sample()));
        assertEquals(Json.parse(expected), Json.parse(Json.write(sample())));
    }

    @Test
    void escapesQuotesBackslashesAndControlCharacters() {
        String s = "\"\\\n\r\t\b\f\u0000\u0001\u001f";
        assertEquals("\"\\\"\\\\\\n\\r\\t\\b\\f\\u0000\\u0001\\u001f\"", Json.write(s));
        for (char c = 0; c < 0x20; c++) {
            String one = String.valueOf(c);
            assertEquals(one, Json.parse(Json.write(one)));
        }
    }

    @Test
    void writesNonAsciiAsIsAndSlashUnescaped() {
        assertEquals("\"é 😀 世界 \u007f a/b\"", Json.write("é 😀 世界 \u007f a/b"));
    }

    @Test
    void escapesLoneSurrogatesSoTheyHaveAUtf8Form() {
        assertEquals("\"a\\ud800b\"", Json.write("a\uD800b"));
        assertEquals("\"\\udc00\\ud800\"", Json.write("\uDC00\uD800")); // reversed pair: both lone
        assertEquals("\"\\ud83d\"", Json.write("\uD83D"));
        assertEquals("\"😀\"", Json.write("\uD83D\uDE00"));
    }

    @Test
    void numbersOfEveryBoxedType() {
        List<Object> values = List.of(1, (short) -2, (byte) 3, 4L, new BigInteger("123456789012345678901234567890"),
                new BigDecimal("1.50"), 0.1, 1e21, -0.0, 100.0, 1e-7, 0.1f, Long.MIN_VALUE);
        String expected = "[1,-2,3,4,123456789012345678901234567890,1.50," + Double.toString(0.1) + ","
                + Double.toString(1e21) + ",-0.0,100.0," + Double.toString(1e-7) + "," + Float.toString(0.1f) + ","
                + Long.MIN_VALUE + "]";
        assertEquals(expected, Json.write(values));
        List<?> back = (List<?>) Json.parse(expected);
        assertEquals(1e21, back.get(7));
        assertEquals(1e-7, back.get(10));
    }

    @Test
    void nanAndInfinityAreErrorsGivingThePath() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", 1L);
        m.put("scores", Arrays.asList(1.0, Double.NaN));
        GatunException e = assertThrows(GatunException.class, () -> Json.write(m));
        assertTrue(e.getMessage().contains("at $.scores[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("expected a finite number but found NaN"), e.getMessage());
        GatunException inf = assertThrows(GatunException.class,
                () -> Json.writePretty(Map.of("odd key", List.of(Float.NEGATIVE_INFINITY))));
        assertTrue(inf.getMessage().contains("at $[\"odd key\"][0]"), inf.getMessage());
        assertThrows(GatunException.class, () -> Json.write(Double.POSITIVE_INFINITY));
    }

    @Test
    void unsupportedTypesAndKeysAreErrors() {
        GatunException type = assertThrows(GatunException.class, () -> Json.write(List.of(new Object())));
        assertTrue(type.getMessage().contains("$[0]") && type.getMessage().contains("java.lang.Object"),
                type.getMessage());
        GatunException key = assertThrows(GatunException.class, () -> Json.write(Map.of(1, "x")));
        assertTrue(key.getMessage().contains("expected String keys"), key.getMessage());
    }

    @Test
    void selfContainingValueIsAnErrorNotAStackOverflow() {
        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        GatunException e = assertThrows(GatunException.class, () -> Json.write(loop));
        assertTrue(e.getMessage().contains("levels of nested"), e.getMessage());
    }
}
