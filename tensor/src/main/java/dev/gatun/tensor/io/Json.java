package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * JSON (RFC 8259) reading and writing with plain Java values, plus typed accessors for config files.
 *
 * <p>Parsed values map as follows: object → {@code LinkedHashMap<String, Object>} (key order kept; a
 * repeated key keeps its first position and its last value, as in Python), array →
 * {@code ArrayList<Object>}, string → {@link String}, {@code true}/{@code false} → {@link Boolean},
 * {@code null} → {@code null}, an integer → {@link Long} when it fits and {@link BigInteger} otherwise,
 * a number with a fraction or exponent → {@link Double}. A {@code \\uXXXX} escape of a lone surrogate
 * stays a lone UTF-16 code unit, as Python's {@code json} keeps it (tokenizer vocabularies contain them).
 *
 * <p>Every syntax error is a {@link JsonException} naming the source, line and column, and what was
 * expected versus found. Nesting deeper than 1000 levels is rejected rather than risking the stack.
 *
 * {@snippet :
 * Map<String, Object> config = Json.parseObject(Path.of("config.json"));
 * int hiddenSize = Json.getInt(config, "hidden_size");
 * double eps = Json.getDouble(config, "layer_norm_eps", 1e-5);
 * }
 */
public final class Json {

    private static final String TEXT_SOURCE = "JSON text";

    private Json() {
    }

    // ---- parsing ------------------------------------------------------------------------------------

    /** Parses a JSON document held in a string. */
    public static Object parse(String text) {
        return JsonParser.parse(text, TEXT_SOURCE, false);
    }

    /** Parses a UTF-8 JSON file (a leading byte-order mark is skipped); errors name the file. */
    public static Object parse(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw IoErrors.wrap("read JSON file", file, e);
        }
        CharBuffer chars = JsonParser.decodeUtf8(ByteBuffer.wrap(bytes), file.toString());
        int start = chars.hasRemaining() && chars.get(0) == '\uFEFF' ? 1 : 0;
        return JsonParser.parse(chars.array(), start, chars.limit(), file.toString(), false);
    }

    /** Parses a JSON document whose top level must be an object. */
    public static Map<String, Object> parseObject(String text) {
        return topLevelObject(parse(text), TEXT_SOURCE);
    }

    /** Parses a UTF-8 JSON file whose top level must be an object, such as {@code config.json}. */
    public static Map<String, Object> parseObject(Path file) {
        return topLevelObject(parse(file), file.toString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> topLevelObject(Object value, String source) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new GatunException(source + ": expected a JSON object at the top level but found " + describe(value));
    }

    // ---- writing ------------------------------------------------------------------------------------

    /**
     * Compact JSON text of {@code value}: a {@link Map} with String keys, a {@link java.util.Collection},
     * String, Boolean, null, or a Number ({@code Long}, {@code Integer}, {@code Short}, {@code Byte},
     * {@link BigInteger}, {@link java.math.BigDecimal}, {@code Double}, {@code Float}). Doubles are
     * written in their shortest form that parses back to the same value; non-ASCII text is written as
     * is. NaN and infinities have no JSON form and are an error that gives the value's path.
     */
    public static String write(Object value) {
        return JsonWriter.write(value, false);
    }

    /** Like {@link #write(Object)}, indented by two spaces with one member per line. */
    public static String writePretty(Object value) {
        return JsonWriter.write(value, true);
    }

    // ---- typed accessors ----------------------------------------------------------------------------

    /** The int at {@code key}; missing, null or not an int-range integer is an error naming the key. */
    public static int getInt(Map<String, ?> object, String key) {
        return toInt(key, require(object, key, "an integer"));
    }

    /** The int at {@code key}, or {@code defaultValue} when the key is missing or null. */
    public static int getInt(Map<String, ?> object, String key, int defaultValue) {
        Object v = object.get(key);
        return v == null ? defaultValue : toInt(key, v);
    }

    /** The long at {@code key}; missing, null or not a long-range integer is an error naming the key. */
    public static long getLong(Map<String, ?> object, String key) {
        return toLong(key, require(object, key, "an integer"));
    }

    /** The long at {@code key}, or {@code defaultValue} when the key is missing or null. */
    public static long getLong(Map<String, ?> object, String key, long defaultValue) {
        Object v = object.get(key);
        return v == null ? defaultValue : toLong(key, v);
    }

    /** The number at {@code key} as a double; integers are accepted and converted. */
    public static double getDouble(Map<String, ?> object, String key) {
        return toDouble(key, require(object, key, "a number"));
    }

    /** The number at {@code key} as a double, or {@code defaultValue} when the key is missing or null. */
    public static double getDouble(Map<String, ?> object, String key, double defaultValue) {
        Object v = object.get(key);
        return v == null ? defaultValue : toDouble(key, v);
    }

    /** The boolean at {@code key}; missing, null or another type is an error naming the key. */
    public static boolean getBoolean(Map<String, ?> object, String key) {
        return cast(key, require(object, key, "a boolean"), Boolean.class, "a boolean");
    }

    /** The boolean at {@code key}, or {@code defaultValue} when the key is missing or null. */
    public static boolean getBoolean(Map<String, ?> object, String key, boolean defaultValue) {
        Object v = object.get(key);
        return v == null ? defaultValue : cast(key, v, Boolean.class, "a boolean");
    }

    /** The string at {@code key}; missing, null or another type is an error naming the key. */
    public static String getString(Map<String, ?> object, String key) {
        return cast(key, require(object, key, "a string"), String.class, "a string");
    }

    /** The string at {@code key}, or {@code defaultValue} when the key is missing or null. */
    public static String getString(Map<String, ?> object, String key, String defaultValue) {
        Object v = object.get(key);
        return v == null ? defaultValue : cast(key, v, String.class, "a string");
    }

    /** The array at {@code key}; missing, null or another type is an error naming the key. */
    @SuppressWarnings("unchecked")
    public static List<Object> getList(Map<String, ?> object, String key) {
        return cast(key, require(object, key, "an array"), List.class, "an array");
    }

    /** The object at {@code key}; missing, null or another type is an error naming the key. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> getObject(Map<String, ?> object, String key) {
        return cast(key, require(object, key, "an object"), Map.class, "an object");
    }

    /**
     * A short description of a parsed value for error messages, such as {@code string "abc"},
     * {@code integer 3}, {@code an array of 4 items}.
     */
    public static String describe(Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> "string " + write(s.length() > 40 ? s.substring(0, 40) + "..." : s);
            case Boolean b -> "boolean " + b;
            case Long n -> "integer " + n;
            case Integer n -> "integer " + n;
            case BigInteger n -> "integer " + n;
            case Number n -> "number " + n;
            case Map<?, ?> m -> "an object of " + m.size() + " keys";
            case List<?> l -> "an array of " + l.size() + " items";
            default -> value.getClass().getName();
        };
    }

    private static Object require(Map<String, ?> object, String key, String expected) {
        Object v = object.get(key);
        if (v == null) {
            throw new GatunException("JSON key \"" + key + "\": expected " + expected + " but found "
                    + (object.containsKey(key) ? "null" : "no such key"));
        }
        return v;
    }

    private static <T> T cast(String key, Object v, Class<T> type, String expected) {
        if (!type.isInstance(v)) {
            throw mismatch(key, expected, v);
        }
        return type.cast(v);
    }

    private static int toInt(String key, Object v) {
        long n = toLong(key, v);
        if (n != (int) n) {
            throw mismatch(key, "an integer in the int range", v);
        }
        return (int) n;
    }

    private static long toLong(String key, Object v) {
        return switch (v) {
            case Long n -> n;
            case Integer n -> n;
            case BigInteger n -> throw mismatch(key, "an integer in the long range", n);
            default -> throw mismatch(key, "an integer", v);
        };
    }

    private static double toDouble(String key, Object v) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw mismatch(key, "a number", v);
    }

    private static GatunException mismatch(String key, String expected, Object found) {
        return new GatunException("JSON key \"" + key + "\": expected " + expected + " but found " + describe(found));
    }
}
