package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gatun.tensor.io.SafetensorsFixtures.rawFile;
import static dev.gatun.tensor.io.SafetensorsFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One generated corrupt file per header rule; each error must name the file, the tensor and the problem. */
class SafetensorsValidationTest {

    @TempDir
    Path dir;

    private GatunException openFails(byte[] bytes, String... fragments) throws Exception {
        Path file = write(dir, "corrupt.safetensors", bytes);
        GatunException e = assertThrows(GatunException.class, () -> SafetensorsFile.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
        }
        return e;
    }

    private static String tensor(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":"
                + offsets + "}";
    }

    @Test
    void fileShorterThanTheLengthField() throws Exception {
        openFails(new byte[0], "at least 8 bytes", "has 0 bytes");
        openFails(new byte[] {1, 2, 3}, "at least 8 bytes", "has 3 bytes");
    }

    @Test
    void headerLengthPastTheEndOfTheFile() throws Exception {
        byte[] bytes = rawFile("{}", 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1000);
        openFails(bytes, "header length of at most 6 bytes", "found 1000", "truncated");
    }

    @ParameterizedTest
    @ValueSource(longs = {-1L, Long.MIN_VALUE, 100_000_001L, 1L << 40})
    void absurdHeaderLength(long length) throws Exception {
        byte[] bytes = rawFile("{}", 4);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
        openFails(bytes, "at most 100000000 bytes", "found " + Long.toUnsignedString(length));
    }

    @Test
    void headerNotUtf8() throws Exception {
        byte[] header = "{\"a\":  {}}".getBytes();
        header[5] = (byte) 0xFF;
        openFails(rawFile(header, 0), "invalid UTF-8 at byte offset 5");
    }

    @Test
    void headerNotJson() throws Exception {
        openFails(rawFile("{\"w\": {\"dtype\": \"F32\",", 0), "header: line 1, column 23", "end of input");
        openFails(rawFile("{} trailing", 0), "expected end of input");
    }

    @Test
    void headerNotAnObject() throws Exception {
        openFails(rawFile("[1, 2]", 0), "expected the header to be a JSON object but found an array of 2 items");
    }

    @Test
    void repeatedTensorName() throws Exception {
        String h = "{" + tensor("w", "F32", "[1]", "[0,4]") + "," + tensor("w", "F32", "[1]", "[4,8]") + "}";
        openFails(rawFile(h, 8), "expected unique object keys but found \"w\" twice");
    }

    @Test
    void entryNotAnObject() throws Exception {
        openFails(rawFile("{\"w\": [1, 2]}", 0), "tensor \"w\"", "expected an object with dtype, shape and"
                + " data_offsets but found an array of 2 items");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dtype", "shape", "data_offsets"})
    void entryMissingAField(String field) throws Exception {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("dtype", "F32");
        info.put("shape", List.of(2L));
        info.put("data_offsets", List.of(0L, 8L));
        info.remove(field);
        openFails(rawFile(Json.write(Map.of("layer.w", info)), 8), "tensor \"layer.w\"",
                "expected a \"" + field + "\" field but found none");
        info.put(field, null);
        openFails(rawFile(Json.write(Map.of("layer.w", info)), 8), "tensor \"layer.w\"",
                "expected a \"" + field + "\" field but found null");
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2}")
    @CsvSource(delimiter = '|', value = {
            "5       | [2]        | [0,8]      | expected dtype to be a string but found integer 5",
            "\"F32\" | \"2\"      | [0,8]      | non-negative integers but found string \"2\"",
            "\"F32\" | [1.5]      | [0,8]      | but shape[0] is number 1.5",
            "\"F32\" | [2,-1]     | [0,8]      | but shape[1] is integer -1",
            "\"F32\" | [99999999999999999999] | [0,8] | but shape[0] is integer 99999999999999999999",
            "\"F32\" | [2]        | [0]        | 2 non-negative integers but found 1 items",
            "\"F32\" | [2]        | [0,4,8]    | but found 3 items",
            "\"F32\" | [2]        | [\"0\",8]  | but data_offsets[0] is string \"0\"",
            "\"F32\" | [2]        | [-4,4]     | but data_offsets[0] is integer -4",
            "\"F32\" | [2]        | {}         | but found an object of 0 keys",
    })
    void entryFieldsOfTheWrongType(String dtype, String shape, String offsets, String message) throws Exception {
        String h = "{\"bad\":{\"dtype\":" + dtype + ",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
        openFails(rawFile(h, 8), "tensor \"bad\"", message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"U8", "I16", "U16", "U32", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "C64"})
    void safetensorsDtypesThatGatunLacks(String dtype) throws Exception {
        openFails(rawFile("{" + tensor("q", dtype, "[0]", "[0,0]") + "}", 0), "tensor \"q\"",
                "found \"" + dtype + "\", a safetensors dtype that Gatun does not support", "F32", "BF16");
    }

    @Test
    void unknownDtype() throws Exception {
        openFails(rawFile("{" + tensor("q", "Q4_K", "[0]", "[0,0]") + "}", 0), "tensor \"q\"",
                "found \"Q4_K\", an unknown dtype");
    }

    @Test
    void beginAfterEnd() throws Exception {
        openFails(rawFile("{" + tensor("w", "F32", "[1]", "[8,4]") + "}", 8), "tensor \"w\"",
                "begin <= end but found [8, 4]");
    }

    @Test
    void offsetsPastTheDataSection() throws Exception {
        openFails(rawFile("{" + tensor("w", "F32", "[4]", "[0,16]") + "}", 12), "tensor \"w\"",
                "within the 12-byte data section but found end 16");
    }

    @Test
    void byteCountDisagreesWithDtypeAndShape() throws Exception {
        openFails(rawFile("{" + tensor("w", "F32", "[2,2]", "[0,12]") + "}", 16), "tensor \"w\"",
                "expected 16 bytes (F32, 4 bytes × 4 elements of shape [2, 2])", "span 12 bytes");
        openFails(rawFile("{" + tensor("b", "BF16", "[]", "[0,4]") + "}", 4), "tensor \"b\"",
                "expected 2 bytes", "span 4 bytes");
    }

    @Test
    void byteCountOverflow() throws Exception {
        String shape = "[" + (1L << 40) + "," + (1L << 40) + "]";
        openFails(rawFile("{" + tensor("huge", "F32", shape, "[0,16]") + "}", 16), "tensor \"huge\"",
                "fits in a long");
        String justOver = "[" + (1L << 62) + "]"; // the element count fits, the byte count does not
        openFails(rawFile("{" + tensor("huge", "F32", justOver, "[0,16]") + "}", 16), "fits in a long");
    }

    @Test
    void overlappingTensors() throws Exception {
        String h = "{" + tensor("a", "F32", "[4]", "[0,16]") + "," + tensor("e", "F32", "[0]", "[8,8]") + ","
                + tensor("b", "F32", "[4]", "[8,24]") + "}";
        openFails(rawFile(h, 24), "tensor \"b\"", "[8, 24) to overlap no other tensor", "tensor \"a\" [0, 16)");
        String nested = "{" + tensor("outer", "I8", "[10]", "[0,10]") + "," + tensor("mid", "I8", "[2]", "[2,4]")
                + "," + tensor("inner", "I8", "[2]", "[6,8]") + "}";
        openFails(rawFile(nested, 10), "tensor \"outer\" [0, 10)");
    }

    @Test
    void metadataMustBeStrings() throws Exception {
        openFails(rawFile("{\"__metadata__\":{\"format\":\"pt\",\"total\":3}}", 0),
                "\"__metadata__\" values to be strings but key \"total\" has integer 3");
        openFails(rawFile("{\"__metadata__\":[\"pt\"]}", 0), "\"__metadata__\" to be an object");
    }

    @Test
    void gapsTrailingBytesAndEmptyTensorsAreAccepted() throws Exception {
        String h = "{" + tensor("b", "I8", "[2]", "[6,8]") + "," + tensor("a", "I8", "[2]", "[0,2]") + ","
                + tensor("none", "I8", "[0]", "[1,1]") + "}";
        Path file = write(dir, "gaps.safetensors", rawFile(h, 12));
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals("[b, a, none]", f.entries().stream().map(SafetensorsEntry::name).toList().toString());
            assertEquals(6, f.entry("b").data().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
            assertEquals(0, f.entry("none").data().byteSize());
        }
    }

    @Test
    void missingTensorNamesTheFileAndTheClosestNames() throws Exception {
        Path file = dir.resolve("m.safetensors");
        SafetensorsWriter.write(file, SafetensorsFixtures.sampleEntries(1), null);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            GatunException e = assertThrows(GatunException.class, () -> f.entry("embed.weights"));
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("\"embed.weights\" but found none among 5 tensors; closest names:"
                    + " [embed.weight,"), e.getMessage());
        }
    }

    @Test
    void unreadablePathsAreGatunExceptions() {
        GatunException missing = assertThrows(GatunException.class,
                () -> SafetensorsFile.open(dir.resolve("absent.safetensors")));
        assertTrue(missing.getMessage().contains("absent.safetensors"), missing.getMessage());
        GatunException folder = assertThrows(GatunException.class, () -> SafetensorsFile.open(dir));
        assertTrue(folder.getMessage().contains(dir.toString()), folder.getMessage());
    }

    /** Any proper prefix of a valid file is invalid, and must be reported as such, never crash. */
    @Test
    void everyTruncationIsAGatunException() throws Exception {
        Path good = dir.resolve("good.safetensors");
        SafetensorsWriter.write(good, SafetensorsFixtures.sampleEntries(2), Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(good);
        for (int cut = 0; cut < bytes.length; cut++) {
            Path file = write(dir, "cut.safetensors", Arrays.copyOf(bytes, cut));
            int at = cut;
            GatunException e = assertThrows(GatunException.class, () -> SafetensorsFile.open(file).close(),
                    () -> "cut at " + at);
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
        SafetensorsFile.open(write(dir, "whole.safetensors", bytes)).close();
    }
}
