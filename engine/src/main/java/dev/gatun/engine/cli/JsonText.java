package dev.gatun.engine.cli;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes JSON for {@link Io#printJson}: compact, keys in map order, non-finite numbers as null (JSON has
 * no NaN), and ASCII only (other characters as hexadecimal escapes) so the text survives any console encoding.
 * Only the value kinds a command builds are accepted.
 */
final class JsonText {

    private JsonText() {
    }

    /** The JSON text of {@code value}. */
    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(value, sb);
        return sb.toString();
    }

    private static void write(Object value, StringBuilder sb) {
        switch (value) {
            case null -> sb.append("null");
            case Boolean b -> sb.append(b);
            case Double d when !Double.isFinite(d) -> sb.append("null");
            case Float f when !Float.isFinite(f) -> sb.append("null");
            case Number n -> sb.append(n);
            case CharSequence s -> string(s, sb);
            case Map<?, ?> map -> object(map, sb);
            case Iterable<?> items -> array(items.iterator(), sb);
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void object(Map<?, ?> map, StringBuilder sb) {
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!first) {
                sb.append(',');
            }
            first = false;
            string(String.valueOf(e.getKey()), sb);
            sb.append(':');
            write(e.getValue(), sb);
        }
        sb.append('}');
    }

    private static void array(Iterator<?> items, StringBuilder sb) {
        sb.append('[');
        while (items.hasNext()) {
            write(items.next(), sb);
            if (items.hasNext()) {
                sb.append(',');
            }
        }
        sb.append(']');
    }

    private static void string(CharSequence s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
