package dev.gatun.tokenizers.json;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.text.WordScanners;
import dev.gatun.tokenizers.unicode.OnigRegex;

import java.util.List;
import java.util.Map;

/**
 * One component object of a {@code tokenizer.json} ({@code "normalizer"}, a pre-tokenizer inside a
 * sequence, the {@code "model"}...) with typed field access whose errors name the file, the component
 * kind and its type, so a malformed or unsupported file fails with one readable message.
 *
 * @param fields the parsed JSON object
 * @param kind   the component kind as the file names it, e.g. {@code "pre_tokenizer"}
 * @param source the file name, or a description of the JSON text
 */
public record ComponentConfig(Map<String, Object> fields, String kind, String source) {

    /** Wraps a parsed value that must be a JSON object. */
    @SuppressWarnings("unchecked")
    public static ComponentConfig of(Object value, String kind, String source) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new GatunException(source + ": " + kind + " must be a JSON object but is " + Json.describe(value));
        }
        return new ComponentConfig((Map<String, Object>) map, kind, source);
    }

    /** The {@code "type"} field, or {@code fallback} when absent. */
    public String type(String fallback) {
        Object t = fields.get("type");
        return t instanceof String s ? s : fallback;
    }

    /** The {@code "type"} field, required. */
    public String type() {
        Object t = fields.get("type");
        if (t instanceof String s) {
            return s;
        }
        throw error("has no \"type\" field");
    }

    /** Whether {@code key} is present and not null. */
    public boolean has(String key) {
        return fields.get(key) != null;
    }

    /** A raw field value (null when absent). */
    public Object get(String key) {
        return fields.get(key);
    }

    /** A required string field. */
    public String string(String key) {
        Object v = fields.get(key);
        if (v instanceof String s) {
            return s;
        }
        throw fieldError(key, "a string", v);
    }

    /** An optional string field. */
    public String string(String key, String fallback) {
        Object v = fields.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof String s) {
            return s;
        }
        throw fieldError(key, "a string", v);
    }

    /** An optional boolean field. */
    public boolean bool(String key, boolean fallback) {
        Object v = fields.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw fieldError(key, "a boolean", v);
    }

    /** A required non-negative int field. */
    public int integer(String key) {
        Object v = fields.get(key);
        if (v instanceof Long n && n >= 0 && n <= Integer.MAX_VALUE) {
            return n.intValue();
        }
        throw fieldError(key, "a non-negative integer", v);
    }

    /** An optional non-negative int field. */
    public int integer(String key, int fallback) {
        return fields.get(key) == null ? fallback : integer(key);
    }

    /** An optional number field. */
    public double number(String key, double fallback) {
        Object v = fields.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        throw fieldError(key, "a number", v);
    }

    /** A required array field. */
    @SuppressWarnings("unchecked")
    public List<Object> list(String key) {
        Object v = fields.get(key);
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw fieldError(key, "an array", v);
    }

    /** A required object field. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String key) {
        Object v = fields.get(key);
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw fieldError(key, "an object", v);
    }

    /**
     * A pattern field: {@code {"String": "literal"}} or {@code {"Regex": "oniguruma pattern"}}. A regex
     * Java cannot express is an error naming this component.
     */
    public TextPattern pattern(String key) {
        Map<String, Object> p = object(key);
        if (p.get("String") instanceof String literal) {
            return new TextPattern.Regex(OnigRegex.literal(literal));
        }
        if (p.get("Regex") instanceof String regex) {
            WordScanners.Scanner scanner = WordScanners.forPattern(regex);
            if (scanner != null) {
                return new TextPattern.Scanned(scanner);
            }
            try {
                return new TextPattern.Regex(OnigRegex.compile(regex));
            } catch (GatunException e) {
                throw error("has a " + e.getMessage());
            }
        }
        throw fieldError(key, "{\"String\": ...} or {\"Regex\": ...}", p);
    }

    /** A nested component: the field must be an object. */
    public ComponentConfig child(Object value, String childKind) {
        return of(value, childKind, source);
    }

    /** An error about this component, naming file, kind and type. */
    public GatunException error(String problem) {
        String type = type("?");
        return new GatunException(source + ": " + kind + " of type \"" + type + "\" " + problem);
    }

    /** The error for a component type Gatun does not implement. */
    public GatunException unsupported() {
        return new GatunException(source + ": unsupported " + kind + " type \"" + type("(none)")
                + "\"; Gatun cannot reproduce this tokenizer");
    }

    private GatunException fieldError(String key, String expected, Object found) {
        return error("needs \"" + key + "\" to be " + expected + " but it is " + Json.describe(found));
    }
}
