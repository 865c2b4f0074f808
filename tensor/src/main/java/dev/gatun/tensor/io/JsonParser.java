package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 8259 parser producing plain Java values (see {@link Json} for the mapping).
 *
 * <p>Nesting is tracked on an explicit heap stack rather than the Java call stack, so a deeply nested
 * document is rejected past {@link #MAX_DEPTH} with a positioned error instead of a
 * {@link StackOverflowError}. The limit still exists because the values produced are consumed by
 * recursive code ({@code equals}, {@code hashCode}, the writer).
 *
 * <p>Strings are copied straight out of the input when they contain no escapes, which is the common
 * case in tokenizer files and keeps a 10 MB document to a single pass.
 */
final class JsonParser {

    /** Deepest nesting of arrays and objects accepted; Python's json stops near the same depth. */
    static final int MAX_DEPTH = 1000;

    private final char[] buf;
    private final int start;
    private final int end;
    private final String source;
    private final boolean rejectDuplicateKeys;
    private int pos;

    // The open arrays and objects, innermost last, with each object's pending key and where it began.
    private Object[] containers = new Object[16];
    private String[] keys = new String[16];
    private int[] keyPositions = new int[16];
    private int depth;

    /** Marks "a container was opened or continued; parse its next member" in the value loop. */
    private static final Object NEXT = new Object();

    private JsonParser(char[] buf, int start, int end, String source, boolean rejectDuplicateKeys) {
        this.buf = buf;
        this.start = start;
        this.end = end;
        this.source = source;
        this.rejectDuplicateKeys = rejectDuplicateKeys;
        this.pos = start;
    }

    /**
     * Parses one JSON document held in {@code buf[start, end)}.
     *
     * @param source names the input in error messages (a file path, or {@code "JSON text"})
     * @param rejectDuplicateKeys whether a repeated object key is an error; otherwise the last value wins
     *     and the key keeps its first position, as in Python's {@code json}
     */
    static Object parse(char[] buf, int start, int end, String source, boolean rejectDuplicateKeys) {
        JsonParser p = new JsonParser(buf, start, end, source, rejectDuplicateKeys);
        Object value = p.parseValue();
        p.skipWhitespace();
        if (p.pos < end) {
            throw p.error(p.pos, "expected end of input after the JSON value but found " + p.describeAt(p.pos));
        }
        return value;
    }

    /** Parses a whole in-memory text. */
    static Object parse(String text, String source, boolean rejectDuplicateKeys) {
        char[] chars = text.toCharArray();
        return parse(chars, 0, chars.length, source, rejectDuplicateKeys);
    }

    /**
     * Decodes strict UTF-8 (no overlong forms, no encoded surrogates), naming the byte offset of the first
     * bad sequence. A leading byte-order mark is kept; callers that tolerate it skip it.
     */
    static CharBuffer decodeUtf8(ByteBuffer bytes, String source) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        int first = bytes.position();
        CharBuffer out = CharBuffer.allocate(bytes.remaining()); // UTF-8 never decodes to more chars than bytes
        CoderResult result = decoder.decode(bytes, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = bytes.position() - first;
            String problem;
            try {
                result.throwException();
                problem = result.toString();
            } catch (CharacterCodingException e) {
                problem = e.getClass().getSimpleName();
            }
            throw new GatunException(source + ": invalid UTF-8 at byte offset " + at + " (" + problem
                    + "); expected UTF-8 encoded text");
        }
        out.flip();
        return out;
    }

    // ---- values -------------------------------------------------------------------------------------

    private Object parseValue() {
        while (true) {
            skipWhitespace();
            Object value = parseScalarOrOpen();
            if (value == NEXT) {
                continue;
            }
            value = attach(value);
            if (value != NEXT) {
                return value;
            }
        }
    }

    /** Parses a scalar, or opens an array or object and returns {@link #NEXT} to parse its first member. */
    private Object parseScalarOrOpen() {
        char c = pos < end ? buf[pos] : 0;
        switch (c) {
            case '{', '[' -> {
                if (depth == MAX_DEPTH) {
                    throw error(pos, "expected at most " + MAX_DEPTH + " levels of nested arrays and objects"
                            + " but found deeper nesting");
                }
                pos++;
                skipWhitespace();
                boolean object = c == '{';
                if (pos < end && buf[pos] == (object ? '}' : ']')) {
                    pos++;
                    return object ? new LinkedHashMap<String, Object>() : new ArrayList<>();
                }
                push(object ? new LinkedHashMap<String, Object>() : new ArrayList<>());
                if (object) {
                    keyPositions[depth - 1] = pos;
                    keys[depth - 1] = parseKey();
                }
                return NEXT;
            }
            case '"' -> {
                return parseString();
            }
            case 't' -> {
                return parseLiteral("true", Boolean.TRUE);
            }
            case 'f' -> {
                return parseLiteral("false", Boolean.FALSE);
            }
            case 'n' -> {
                return parseLiteral("null", null);
            }
            default -> {
                if (c == '-' || isDigit(c)) {
                    return parseNumber();
                }
                throw error(pos, "expected a JSON value but found " + describeAt(pos) + hintFor(pos));
            }
        }
    }

    private void push(Object container) {
        if (depth == containers.length) {
            containers = Arrays.copyOf(containers, depth * 2);
            keys = Arrays.copyOf(keys, depth * 2);
            keyPositions = Arrays.copyOf(keyPositions, depth * 2);
        }
        containers[depth++] = container;
    }

    /**
     * Adds a finished value to the innermost open container and closes every container that ends here.
     * Returns the whole document once the outermost value is finished, else {@link #NEXT} with the
     * position at the next member.
     */
    private Object attach(Object value) {
        while (depth > 0) {
            Object top = containers[depth - 1];
            boolean isList = top instanceof ArrayList<?>;
            if (isList) {
                @SuppressWarnings("unchecked")
                ArrayList<Object> list = (ArrayList<Object>) top;
                list.add(value);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> map = (Map<String, Object>) top;
                int before = map.size();
                map.put(keys[depth - 1], value);
                if (rejectDuplicateKeys && map.size() == before) {
                    throw error(keyPositions[depth - 1], "expected unique object keys but found \""
                            + keys[depth - 1] + "\" twice");
                }
            }
            skipWhitespace();
            char next = pos < end ? buf[pos] : 0;
            if (next == ',') {
                pos++;
                if (!isList) {
                    skipWhitespace();
                    keyPositions[depth - 1] = pos;
                    keys[depth - 1] = parseKey();
                }
                return NEXT;
            }
            if (next != (isList ? ']' : '}')) {
                throw error(pos, (isList ? "expected ',' or ']' in array" : "expected ',' or '}' in object")
                        + " but found " + describeAt(pos));
            }
            pos++;
            value = top;
            containers[--depth] = null;
        }
        return value;
    }

    /** Reads {@code "key" :} and leaves the position at the value. */
    private String parseKey() {
        if (pos >= end || buf[pos] != '"') {
            throw error(pos, "expected a string key in object but found " + describeAt(pos));
        }
        String key = parseString();
        skipWhitespace();
        if (pos >= end || buf[pos] != ':') {
            throw error(pos, "expected ':' after object key \"" + key + "\" but found " + describeAt(pos));
        }
        pos++;
        return key;
    }

    private Object parseLiteral(String word, Object value) {
        if (end - pos >= word.length() && new String(buf, pos, word.length()).equals(word)) {
            pos += word.length();
            return value;
        }
        throw error(pos, "expected a JSON value but found " + describeAt(pos) + hintFor(pos));
    }

    // ---- strings ------------------------------------------------------------------------------------

    private String parseString() {
        int quote = pos;
        int runStart = ++pos;
        while (pos < end) {
            char c = buf[pos];
            if (c == '"') {
                pos++;
                return new String(buf, runStart, pos - 1 - runStart);
            }
            if (c == '\\' || c < 0x20) {
                break;
            }
            pos++;
        }
        StringBuilder sb = new StringBuilder(pos - runStart + 16);
        sb.append(buf, runStart, pos - runStart);
        while (true) {
            if (pos >= end) {
                int[] lc = lineColumn(quote);
                throw error(pos, "expected '\"' to close the string that starts at line " + lc[0] + ", column "
                        + lc[1] + " but found end of input");
            }
            char c = buf[pos];
            if (c == '"') {
                pos++;
                return sb.toString();
            } else if (c == '\\') {
                parseEscape(sb);
            } else if (c < 0x20) {
                throw error(pos, "expected an escape sequence for control character U+"
                        + String.format("%04X", (int) c) + " inside a string but found it raw");
            } else {
                sb.append(c);
                pos++;
            }
        }
    }

    /**
     * Appends one escape. {@code \\uXXXX} appends the code unit as is: a surrogate pair written as two
     * escapes becomes the pair, and a lone surrogate stays a lone code unit, as Python's json does.
     */
    private void parseEscape(StringBuilder sb) {
        int at = pos;
        pos++; // the backslash
        if (pos >= end) {
            throw error(pos, "expected an escape character after '\\' but found end of input");
        }
        char e = buf[pos++];
        switch (e) {
            case '"' -> sb.append('"');
            case '\\' -> sb.append('\\');
            case '/' -> sb.append('/');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'n' -> sb.append('\n');
            case 'r' -> sb.append('\r');
            case 't' -> sb.append('\t');
            case 'u' -> {
                int unit = 0;
                for (int i = 0; i < 4; i++) {
                    int digit = pos < end ? Character.digit(buf[pos], 16) : -1;
                    if (digit < 0 || buf[pos] > 'f') { // Character.digit also accepts non-ASCII digits
                        throw error(pos, "expected 4 hex digits after \\u but found " + describeAt(pos));
                    }
                    unit = unit * 16 + digit;
                    pos++;
                }
                sb.append((char) unit);
            }
            default -> throw error(at, "expected one of the escapes \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
                    + " but found " + describe(e) + " after '\\'");
        }
    }

    // ---- numbers ------------------------------------------------------------------------------------

    private Object parseNumber() {
        int first = pos;
        if (buf[pos] == '-') {
            pos++;
        }
        if (pos < end && buf[pos] == '0') {
            pos++;
            if (pos < end && isDigit(buf[pos])) {
                throw error(first, "expected a number without leading zeros but found "
                        + describeNumberAt(first));
            }
        } else if (pos < end && isDigit(buf[pos])) {
            while (pos < end && isDigit(buf[pos])) {
                pos++;
            }
        } else {
            throw error(pos, "expected a digit in number but found " + describeAt(pos));
        }
        boolean integral = true;
        if (pos < end && buf[pos] == '.') {
            integral = false;
            pos++;
            requireDigits("after the decimal point");
        }
        if (pos < end && (buf[pos] == 'e' || buf[pos] == 'E')) {
            integral = false;
            pos++;
            if (pos < end && (buf[pos] == '+' || buf[pos] == '-')) {
                pos++;
            }
            requireDigits("in the exponent");
        }
        int length = pos - first;
        if (integral) {
            return integerValue(first, length);
        }
        double d = Double.parseDouble(new String(buf, first, length));
        if (Double.isInfinite(d)) {
            throw error(first, "expected a number within the range of a double but found "
                    + new String(buf, first, length));
        }
        return d;
    }

    private Object integerValue(int first, int length) {
        if (length <= 18) { // 18 digits always fit a long; the sign only shortens the digit run
            boolean negative = buf[first] == '-';
            long v = 0;
            for (int i = negative ? first + 1 : first; i < first + length; i++) {
                v = v * 10 + (buf[i] - '0');
            }
            return negative ? -v : v;
        }
        BigInteger big = new BigInteger(new String(buf, first, length));
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
    }

    private void requireDigits(String where) {
        if (pos >= end || !isDigit(buf[pos])) {
            throw error(pos, "expected a digit " + where + " but found " + describeAt(pos));
        }
        while (pos < end && isDigit(buf[pos])) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    // ---- positions and messages ---------------------------------------------------------------------

    private void skipWhitespace() {
        while (pos < end) {
            char c = buf[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private JsonException error(int at, String problem) {
        int[] lc = lineColumn(at);
        return new JsonException(source, lc[0], lc[1], problem);
    }

    /** 1-based line and column of {@code at}; computed only when an error is reported. */
    private int[] lineColumn(int at) {
        int line = 1;
        int lineStart = start;
        for (int i = start; i < at && i < end; i++) {
            if (buf[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new int[] {line, at - lineStart + 1};
    }

    /** What stands at {@code at}: end of input, a word (for misspelt literals), or one character. */
    private String describeAt(int at) {
        if (at >= end) {
            return "end of input";
        }
        if (Character.isLetter(buf[at])) {
            int stop = at;
            while (stop < end && stop - at < 20 && Character.isLetterOrDigit(buf[stop])) {
                stop++;
            }
            return "'" + new String(buf, at, stop - at) + "'";
        }
        return describe(buf[at]);
    }

    private String describeNumberAt(int at) {
        int stop = at;
        while (stop < end && stop - at < 30 && "+-.eE0123456789".indexOf(buf[stop]) >= 0) {
            stop++;
        }
        return new String(buf, at, stop - at);
    }

    private static String describe(char c) {
        if (c < 0x20 || c == 0x7F || Character.isSurrogate(c)) {
            return "U+" + String.format("%04X", (int) c);
        }
        return "'" + c + "'";
    }

    /** Explains tokens that other JSON dialects accept but RFC 8259 does not. */
    private String hintFor(int at) {
        if (at >= end) {
            return "";
        }
        String word = describeAt(at);
        if (word.equals("'NaN'") || word.equals("'Infinity'")) {
            return " (NaN and Infinity are not valid JSON)";
        }
        return switch (buf[at]) {
            case '\'' -> " (JSON strings use double quotes)";
            case '+', '.' -> " (JSON numbers start with '-' or a digit)";
            default -> "";
        };
    }
}
