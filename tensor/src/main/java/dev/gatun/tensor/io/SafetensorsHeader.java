package dev.gatun.tensor.io;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed and fully validated header of a safetensors file.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length {@code N}, {@code N} bytes of UTF-8 JSON,
 * then the data section. The JSON maps each tensor name to
 * {@code {"dtype": "F32", "shape": [2, 3], "data_offsets": [begin, end]}} (offsets relative to the data
 * section) and may hold a {@code "__metadata__"} object of string values.
 *
 * <p>Every check that protects memory happens here, before any slice of the file is made: each tensor's
 * byte range must lie inside the data section, match {@code dtype × product(shape)} exactly and overlap
 * no other tensor. The reference implementation also requires the ranges to tile the data section with no
 * gaps; Gatun accepts gaps and trailing bytes, which cannot make a read go wrong.
 *
 * @param tensors the tensors in header order
 * @param metadata the {@code __metadata__} map, empty when absent
 * @param dataStart file offset of the data section ({@code 8 + N})
 */
record SafetensorsHeader(List<Slot> tensors, Map<String, String> metadata, long dataStart) {

    /** Header length limit of the reference implementation: bigger means a corrupt length field. */
    static final long MAX_HEADER_BYTES = 100_000_000;

    /** Every safetensors dtype name, in the reference implementation's order (narrowest alignment first). */
    static final List<String> REFERENCE_DTYPE_ORDER = List.of("BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8",
            "F8_E5M2", "F8_E4M3", "F8_E8M0", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64", "F64",
            "I64", "U64");

    private static final ValueLayout.OfLong U64_LE = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    /**
     * One tensor's description, with offsets relative to the data section.
     *
     * @param begin first byte (inclusive)
     * @param end last byte (exclusive)
     */
    record Slot(String name, DType dtype, long[] shape, long begin, long end) {
    }

    /** Position of {@code dtype} in {@link #REFERENCE_DTYPE_ORDER}; the reference writer sorts by it. */
    static int referenceRank(DType dtype) {
        return REFERENCE_DTYPE_ORDER.indexOf(dtype.safetensorsName());
    }

    /**
     * Reads and validates the header of a whole file mapped (or loaded) as {@code file}.
     *
     * @param fileName names the file in every error message
     */
    static SafetensorsHeader read(MemorySegment file, String fileName) {
        long size = file.byteSize();
        if (size < 8) {
            throw new GatunException(fileName + ": expected a safetensors file of at least 8 bytes (the header"
                    + " length) but the file has " + size + " bytes");
        }
        long n = file.get(U64_LE, 0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new GatunException(fileName + ": expected a header length of at most " + MAX_HEADER_BYTES
                    + " bytes but found " + Long.toUnsignedString(n) + " (is this a safetensors file?)");
        }
        if (n > size - 8) {
            throw new GatunException(fileName + ": expected a header length of at most " + (size - 8)
                    + " bytes (file size " + size + " minus 8) but found " + n + "; the file may be truncated");
        }
        byte[] bytes = file.asSlice(8, n).toArray(ValueLayout.JAVA_BYTE);
        CharBuffer text = JsonParser.decodeUtf8(ByteBuffer.wrap(bytes), fileName + ": header");
        Object json = JsonParser.parse(text.array(), 0, text.limit(), fileName + ": header", true);
        if (!(json instanceof Map<?, ?> top)) {
            throw new GatunException(fileName + ": expected the header to be a JSON object but found "
                    + Json.describe(json));
        }
        long dataLength = size - 8 - n;
        Map<String, String> metadata = Map.of();
        List<Slot> slots = new ArrayList<>(top.size());
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals("__metadata__")) {
                metadata = readMetadata(e.getValue(), fileName);
            } else {
                slots.add(readSlot(name, e.getValue(), dataLength, fileName));
            }
        }
        checkNoOverlap(slots, fileName);
        return new SafetensorsHeader(Collections.unmodifiableList(slots), metadata, 8 + n);
    }

    private static Map<String, String> readMetadata(Object value, String fileName) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new GatunException(fileName + ": expected \"__metadata__\" to be an object of strings but found "
                    + Json.describe(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new GatunException(fileName + ": expected \"__metadata__\" values to be strings but key \""
                        + e.getKey() + "\" has " + Json.describe(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Slot readSlot(String name, Object value, long dataLength, String fileName) {
        String where = fileName + ": tensor \"" + name + "\": ";
        if (!(value instanceof Map<?, ?> info)) {
            throw new GatunException(where + "expected an object with dtype, shape and data_offsets but found "
                    + Json.describe(value));
        }
        DType dtype = readDtype(field(info, "dtype", where), where);
        long[] shape = readLongs(field(info, "shape", where), "shape", -1, where);
        long[] offsets = readLongs(field(info, "data_offsets", where), "data_offsets", 2, where);
        long begin = offsets[0];
        long end = offsets[1];
        if (begin > end) {
            throw new GatunException(where + "expected data_offsets [begin, end] with begin <= end but found "
                    + Arrays.toString(offsets));
        }
        if (end > dataLength) {
            throw new GatunException(where + "expected data_offsets within the " + dataLength
                    + "-byte data section but found end " + end + "; the file may be truncated");
        }
        long elements = SafetensorsEntry.elementCount(shape);
        long bytes = elements < 0 ? -1 : SafetensorsEntry.byteSize(dtype, elements);
        if (bytes < 0) {
            throw new GatunException(where + "expected a shape whose byte size fits in a long but found "
                    + dtype.safetensorsName() + " " + Arrays.toString(shape));
        }
        if (bytes != end - begin) {
            throw new GatunException(where + "expected " + bytes + " bytes (" + dtype.safetensorsName() + ", "
                    + dtype.byteSize() + " bytes × " + elements + " elements of shape " + Arrays.toString(shape)
                    + ") but data_offsets " + Arrays.toString(offsets) + " span " + (end - begin) + " bytes");
        }
        return new Slot(name, dtype, shape, begin, end);
    }

    private static Object field(Map<?, ?> info, String key, String where) {
        Object v = info.get(key);
        if (v == null) {
            throw new GatunException(where + "expected a \"" + key + "\" field but found "
                    + (info.containsKey(key) ? "null" : "none"));
        }
        return v;
    }

    private static DType readDtype(Object value, String where) {
        if (!(value instanceof String name)) {
            throw new GatunException(where + "expected dtype to be a string but found " + Json.describe(value));
        }
        DType dtype = DType.fromSafetensorsName(name);
        if (dtype != null) {
            return dtype;
        }
        List<String> supported = Arrays.stream(DType.values()).map(DType::safetensorsName).toList();
        String kind = REFERENCE_DTYPE_ORDER.contains(name)
                ? "a safetensors dtype that Gatun does not support" : "an unknown dtype";
        throw new GatunException(where + "expected dtype to be one of " + supported + " but found \"" + name
                + "\", " + kind);
    }

    /** A JSON array of non-negative integers; {@code length} of -1 accepts any length. */
    private static long[] readLongs(Object value, String field, int length, String where) {
        String expected = "expected " + field + " to be an array of " + (length < 0 ? "" : length + " ")
                + "non-negative integers";
        if (!(value instanceof List<?> list)) {
            throw new GatunException(where + expected + " but found " + Json.describe(value));
        }
        if (length >= 0 && list.size() != length) {
            throw new GatunException(where + expected + " but found " + list.size() + " items: " + Json.write(list));
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Long v) || v < 0) {
                throw new GatunException(where + expected + " but " + field + "[" + i + "] is "
                        + Json.describe(list.get(i)));
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * Sorted by begin, each non-empty range must start at or after the end of the one before. (Once that
     * holds for every earlier pair, the previous range is also the one reaching furthest.)
     */
    private static void checkNoOverlap(List<Slot> slots, String fileName) {
        List<Slot> sorted = new ArrayList<>(slots);
        sorted.removeIf(s -> s.begin == s.end);
        sorted.sort(Comparator.comparingLong(Slot::begin));
        for (int i = 1; i < sorted.size(); i++) {
            Slot previous = sorted.get(i - 1);
            Slot s = sorted.get(i);
            if (s.begin < previous.end) {
                throw new GatunException(fileName + ": tensor \"" + s.name + "\": expected its bytes ["
                        + s.begin + ", " + s.end + ") to overlap no other tensor but they overlap tensor \""
                        + previous.name + "\" [" + previous.begin + ", " + previous.end + ")");
            }
        }
    }
}
