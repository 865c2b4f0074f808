package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonParserTest {

    @Test
    void parsesLiterals() {
        assertEquals(Boolean.TRUE, Json.parse("true"));
        assertEquals(Boolean.FALSE, Json.parse(" false "));
        assertNull(Json.parse("null"));
    }

    @ParameterizedTest
    @CsvSource({"0", "-0", "7", "-7", "123456789012345678", "-123456789012345678", "9223372036854775807",
            "-9223372036854775808", "9223372036854775808", "-9223372036854775809",
            "123456789012345678901234567890"})
    void integersAreLongWhenTheyFitElseBigInteger(String text) {
        BigInteger reference = new BigInteger(text);
        Object parsed = Json.parse(text);
        if (reference.bitLength() < 64) {
            assertEquals(reference.longValueExact(), assertInstanceOf(Long.class, parsed));
        } else {
            assertEquals(reference, assertInstanceOf(BigInteger.class, parsed));
        }
    }

    @ParameterizedTest
    @CsvSource({"1.5", "-0.0", "0.1", "1e3", "1E+2", "-1.25e-3", "2.2250738585072014E-308", "4.9e-324",
            "1.7976931348623157e308", "123456789012345678901234567890.5", "1e-400"})
    void numbersWithFractionOrExponentAreDoubles(String text) {
        double parsed = assertInstanceOf(Double.class, Json.parse(text));
        assertEquals(Double.doubleToRawLongBits(Double.parseDouble(text)), Double.doubleToRawLongBits(parsed));
    }

    @Test
    void objectsKeepKeyOrderAndNest() {
        Object parsed = Json.parse(" {\"b\" : 1,\n\t\"a\":[true, null ,{}],\r\n\"c\":{\"x\":\"y\"}} ");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("b", 1L);
        expected.put("a", new ArrayList<>(Arrays.asList(true, null, new LinkedHashMap<>())));
        expected.put("c", new LinkedHashMap<>(Map.of("x", "y")));
        assertEquals(expected, parsed);
        assertEquals(List.of("b", "a", "c"), new ArrayList<>(((Map<?, ?>) parsed).keySet()));
        assertInstanceOf(LinkedHashMap.class, parsed);
        assertInstanceOf(ArrayList.class, ((Map<?, ?>) parsed).get("a"));
    }

    @Test
    void repeatedKeyKeepsFirstPositionAndLastValue() {
        Map<?, ?> parsed = (Map<?, ?>) Json.parse("{\"a\":1,\"b\":2,\"a\":3}");
        assertEquals(List.of("a", "b"), new ArrayList<>(parsed.keySet()));
        assertEquals(3L, parsed.get("a"));
    }

    @Test
    void decodesEveryEscape() {
        String text = "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u0041\\u00e9\\u20AC\"";
        assertEquals("q\" b\\ s/ \b\f\n\r\t A\u00e9\u20ac", Json.parse(text));
    }

    @Test
    void surrogatePairEscapesJoinAndLoneSurrogatesStayCodeUnits() {
        assertEquals("\uD83D\uDE00", Json.parse("\"\\ud83d\\ude00\""));
        assertEquals("😀", Json.parse("\"\\uD83D\\uDE00\""));
        String lone = (String) Json.parse("\"a\\ud800b\\udc00\"");
        assertEquals(4, lone.length());
        assertEquals('\uD800', lone.charAt(1));
        assertEquals('\uDC00', lone.charAt(3));
    }

    @Test
    void rawNonAsciiPassesThrough() {
        assertEquals("héllo 😀 世界 \u007f", Json.parse("\"héllo 😀 世界 \u007f\""));
    }

    @Test
    void nestingUpToTheLimitParses() {
        int depth = JsonParser.MAX_DEPTH;
        Object v = Json.parse("[".repeat(depth) + "]".repeat(depth));
        for (int i = 1; i < depth; i++) {
            v = ((List<?>) v).getFirst();
        }
        assertEquals(List.of(), v);
    }

    @Test
    void nestingPastTheLimitIsAPositionedErrorNotAStackOverflow() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("[".repeat(200_000)));
        assertEquals(1, e.line());
        assertEquals(JsonParser.MAX_DEPTH + 1, e.column());
        assertTrue(e.getMessage().contains("levels of nested"), e.getMessage());
        JsonException objects = assertThrows(JsonException.class,
                () -> Json.parse("{\"a\":".repeat(JsonParser.MAX_DEPTH + 1) + "1"));
        assertEquals(JsonParser.MAX_DEPTH * 5 + 1, objects.column());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "``                | 1 | 1 | expected a JSON value but found end of input",
            "`   `             | 1 | 4 | expected a JSON value but found end of input",
            "[1,2              | 1 | 5 | expected ',' or ']' in array but found end of input",
            "[1 2]             | 1 | 4 | expected ',' or ']' in array but found '2'",
            "[1,]              | 1 | 4 | expected a JSON value but found ']'",
            "{\"a\":1,}        | 1 | 8 | expected a string key in object but found '}'",
            "{\"a\" 1}         | 1 | 6 | expected ':' after object key \"a\" but found '1'",
            "{a:1}             | 1 | 2 | expected a string key in object but found 'a'",
            "{\"a\":1          | 1 | 7 | expected ',' or '}' in object but found end of input",
            "{\"a\":1]         | 1 | 7 | expected ',' or '}' in object but found ']'",
            "01                | 1 | 1 | expected a number without leading zeros but found 01",
            "-012              | 1 | 1 | expected a number without leading zeros but found -012",
            "1.                | 1 | 3 | expected a digit after the decimal point but found end of input",
            "1.e5              | 1 | 3 | expected a digit after the decimal point but found 'e5'",
            ".5                | 1 | 1 | expected a JSON value but found '.' (JSON numbers start",
            "+1                | 1 | 1 | expected a JSON value but found '+' (JSON numbers start",
            "1e                | 1 | 3 | expected a digit in the exponent but found end of input",
            "1e+               | 1 | 4 | expected a digit in the exponent but found end of input",
            "-                 | 1 | 2 | expected a digit in number but found end of input",
            "-a                | 1 | 2 | expected a digit in number but found 'a'",
            "tru               | 1 | 1 | expected a JSON value but found 'tru'",
            "nul               | 1 | 1 | expected a JSON value but found 'nul'",
            "True              | 1 | 1 | expected a JSON value but found 'True'",
            "NaN               | 1 | 1 | found 'NaN' (NaN and Infinity are not valid JSON)",
            "[Infinity]        | 1 | 2 | found 'Infinity' (NaN and Infinity are not valid JSON)",
            "'a'               | 1 | 1 | found ''' (JSON strings use double quotes)",
            "\"abc             | 1 | 5 | expected '\"' to close the string that starts at line 1, column 1",
            "\"\\x\"           | 1 | 2 | but found 'x' after '\\'",
            "\"\\u12G4\"       | 1 | 6 | expected 4 hex digits after \\u but found 'G4'",
            "\"\\u12\"         | 1 | 6 | expected 4 hex digits after \\u but found '\"'",
            "\"\\u０１２３\"   | 1 | 4 | expected 4 hex digits after \\u but found '０'",
            "\"\\              | 1 | 3 | expected an escape character after '\\' but found end of input",
            "1 2               | 1 | 3 | expected end of input after the JSON value but found '2'",
            "{} x              | 1 | 4 | expected end of input after the JSON value but found 'x'",
            "1e400             | 1 | 1 | expected a number within the range of a double but found 1e400",
            "-1e400            | 1 | 1 | expected a number within the range of a double but found -1e400",
    })
    void syntaxErrorsGiveLineColumnAndExpectedVersusFound(String text, int line, int column, String message) {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(text));
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.getMessage().startsWith("JSON text: line " + line + ", column " + column + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void controlCharactersMustBeEscaped() {
        for (char c = 0; c < 0x20; c++) {
            char control = c;
            JsonException e = assertThrows(JsonException.class, () -> Json.parse("\"ab" + control + "\""));
            assertEquals(4, e.column());
            assertTrue(e.getMessage().contains(String.format("U+%04X", (int) c)), e.getMessage());
        }
    }

    @Test
    void errorPositionCountsLines() {
        JsonException e = assertThrows(JsonException.class, () -> Json.parse("{\n  \"a\": [1,\n   2,,\n]}"));
        assertEquals(3, e.line());
        assertEquals(6, e.column());
        assertTrue(e.getMessage().contains("expected a JSON value but found ','"), e.getMessage());
    }

    @Test
    void errorsInFilesNameTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.json");
        Files.writeString(file, "{\n  \"hidden_size\": 768,\n  \"eps\": 1e-5,\n}\n");
        JsonException e = assertThrows(JsonException.class, () -> Json.parse(file));
        assertTrue(e.getMessage().startsWith(file + ": line 4, column 1: expected a string key"), e.getMessage());
    }

    @Test
    void invalidUtf8InFileIsReportedWithByteOffset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.json");
        Files.write(file, new byte[] {'"', 'a', 'b', (byte) 0xC3, '(', '"'});
        GatunException e = assertThrows(GatunException.class, () -> Json.parse(file));
        assertTrue(e.getMessage().startsWith(file + ": invalid UTF-8 at byte offset 3"), e.getMessage());
        Files.write(file, new byte[] {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}); // an encoded surrogate
        assertThrows(GatunException.class, () -> Json.parse(file));
    }

    @Test
    void fileParsingSkipsAByteOrderMarkAndDecodesUtf8(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.json");
        byte[] body = "{\"k\":\"日本😀\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(file, withBom);
        assertEquals(Map.of("k", "日本😀"), Json.parse(file));
    }

    @Test
    void missingFileIsAGatunExceptionNamingIt(@TempDir Path dir) {
        Path file = dir.resolve("absent.json");
        GatunException e = assertThrows(GatunException.class, () -> Json.parse(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void parseObjectRejectsOtherTopLevelValues() {
        GatunException e = assertThrows(GatunException.class, () -> Json.parseObject("[1, 2]"));
        assertTrue(e.getMessage().contains("expected a JSON object at the top level but found an array of 2 items"),
                e.getMessage());
        assertEquals(Map.of("a", 1L), Json.parseObject("{\"a\": 1}"));
    }
}
