package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;

/**
 * Serialises plain Java values to JSON text, compact or indented (see {@link Json#write(Object)}).
 *
 * <p>Output is exactly invertible by {@link JsonParser}: doubles use {@link Double#toString(double)},
 * the shortest decimal that reads back to the same bits (and always valid JSON for finite values);
 * lone surrogates, which have no UTF-8 form, are written as {@code \\uXXXX} escapes so they survive
 * a round trip through a UTF-8 file.
 */
final class JsonWriter {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** The JSON text of {@code value}; pretty output indents by two spaces and puts each member on a line. */
    static String write(Object value, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        try {
            w.value(value, 0);
        } catch (BadValue e) {
            throw new GatunException("cannot write JSON value at " + e.path() + ": " + e.getMessage());
        }
        return w.out.toString();
    }

    /**
     * A value with no JSON form. It carries the path from the root so the message can say where the
     * value is; each enclosing container adds its step while the exception passes through.
     */
    private static final class BadValue extends RuntimeException {
        private final Deque<String> steps = new ArrayDeque<>();

        BadValue(String problem) {
            super(problem, null, false, false);
        }

        String path() {
            return "$" + String.join("", steps);
        }
    }

    private void value(Object v, int depth) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(s);
            case Boolean b -> out.append(b.booleanValue());
            case Long n -> out.append(n.longValue());
            case Integer n -> out.append(n.intValue());
            case Short n -> out.append(n.shortValue());
            case Byte n -> out.append(n.byteValue());
            case BigInteger n -> out.append(n);
            case BigDecimal n -> out.append(n);
            case Double d -> finite(d, Double.toString(d));
            case Float f -> finite(f, Float.toString(f));
            case Map<?, ?> m -> object(m, depth);
            case Collection<?> c -> array(c, depth);
            default -> throw new BadValue("expected a Map, Collection, String, Number, Boolean or null but found "
                    + v.getClass().getName());
        }
    }

    private void finite(double d, String text) {
        if (!Double.isFinite(d)) {
            throw new BadValue("expected a finite number but found " + d + " (JSON has no NaN or Infinity)");
        }
        out.append(text);
    }

    private void object(Map<?, ?> map, int depth) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        checkDepth(depth);
        out.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new BadValue("expected String keys in an object but found a key of type "
                        + (e.getKey() == null ? "null" : e.getKey().getClass().getName()));
            }
            separator(first, depth + 1);
            first = false;
            string(key);
            out.append(pretty ? ": " : ":");
            try {
                value(e.getValue(), depth + 1);
            } catch (BadValue bad) {
                bad.steps.addFirst(pathStep(key));
                throw bad;
            }
        }
        newline(depth);
        out.append('}');
    }

    private void array(Collection<?> items, int depth) {
        if (items.isEmpty()) {
            out.append("[]");
            return;
        }
        checkDepth(depth);
        out.append('[');
        int index = 0;
        for (Object item : items) {
            separator(index == 0, depth + 1);
            try {
                value(item, depth + 1);
            } catch (BadValue bad) {
                bad.steps.addFirst("[" + index + "]");
                throw bad;
            }
            index++;
        }
        newline(depth);
        out.append(']');
    }

    /** Recursion is bounded the same way parsing is, which also turns a self-containing value into an error. */
    private static void checkDepth(int depth) {
        if (depth >= JsonParser.MAX_DEPTH) {
            throw new BadValue("expected at most " + JsonParser.MAX_DEPTH
                    + " levels of nested arrays and objects but found deeper nesting (does a container contain itself?)");
        }
    }

    private static String pathStep(String key) {
        boolean plain = !key.isEmpty() && Character.isJavaIdentifierStart(key.charAt(0))
                && key.chars().allMatch(Character::isJavaIdentifierPart);
        return plain ? "." + key : "[" + write(key, false) + "]";
    }

    private void separator(boolean first, int depth) {
        if (!first) {
            out.append(',');
        }
        newline(depth);
    }

    private void newline(int depth) {
        if (pretty) {
            out.append('\n');
            out.repeat(' ', 2 * depth);
        }
    }

    private void string(String s) {
        out.append('"');
        int runStart = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\' && !Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a proper pair is an ordinary character
                continue;
            }
            out.append(s, runStart, i);
            escape(c);
            runStart = i + 1;
        }
        out.append(s, runStart, n);
        out.append('"');
    }

    private void escape(char c) {
        switch (c) {
            case '"' -> out.append("\\\"");
            case '\\' -> out.append("\\\\");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                    .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
        }
    }
}
