package dev.gatun.tokenizers.text;

import dev.gatun.tokenizers.unicode.CharClasses;

/**
 * Hand-written matchers for the split regexes nearly every byte-level tokenizer uses, several times
 * faster than the general regex engine. Each one reproduces its regex's leftmost-first alternation and
 * backtracking exactly; {@code WordScannersProperties} checks them against the regex on random text.
 *
 * <p>Both patterns match at every position, so a text is cut into consecutive matches and a scanner
 * only has to say where the match starting at a position ends.
 */
public final class WordScanners {

    /** Where the match starting at {@code start} ends. */
    @FunctionalInterface
    public interface Scanner {
        /** The end of the match that starts at {@code start} (always greater than {@code start}). */
        int matchEnd(String s, int start);
    }

    /** GPT-2's pattern. */
    public static final String GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /** Llama 3's pattern: case-insensitive contractions, a one-character prefix before letters, 1-3 digits. */
    public static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    /** Qwen's pattern: as Llama 3's but one digit per match. */
    public static final String QWEN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
            + " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private WordScanners() {
    }

    /** The scanner for an Oniguruma pattern, or null when the pattern has none. */
    public static Scanner forPattern(String pattern) {
        return switch (pattern) {
            case GPT2 -> WordScanners::gpt2;
            case LLAMA3 -> (s, i) -> llama(s, i, 3);
            case QWEN -> (s, i) -> llama(s, i, 1);
            default -> null;
        };
    }

    /** GPT-2: {@code 's|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+}. */
    static int gpt2(String s, int i) {
        int n = s.length();
        char c = s.charAt(i);
        if (c == '\'') {
            int e = contraction(s, i, false);
            if (e > 0) {
                return e;
            }
        }
        int cp = s.codePointAt(i);
        int next = c == ' ' && i + 1 < n ? s.codePointAt(i + 1) : -1;
        if (isLetter(cp)) {
            return run(s, i, LETTER);
        }
        if (next >= 0 && isLetter(next)) {
            return run(s, i + 1, LETTER);
        }
        if (isNumeric(cp)) {
            return run(s, i, NUMBER);
        }
        if (next >= 0 && isNumeric(next)) {
            return run(s, i + 1, NUMBER);
        }
        if (isOther(cp)) {
            return run(s, i, OTHER);
        }
        if (next >= 0 && isOther(next)) {
            return run(s, i + 1, OTHER);
        }
        return whitespace(s, i);
    }

    /**
     * Llama 3 and Qwen: {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,maxDigits}|
     * ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+}.
     */
    static int llama(String s, int i, int maxDigits) {
        int n = s.length();
        if (s.charAt(i) == '\'') {
            int e = contraction(s, i, true);
            if (e > 0) {
                return e;
            }
        }
        int cp = s.codePointAt(i);
        int after = i + Character.charCount(cp);
        if (isLetter(cp)) {
            return run(s, i, LETTER);
        }
        boolean numeric = isNumeric(cp);
        if (cp != '\r' && cp != '\n' && !numeric && after < n && isLetter(s.codePointAt(after))) {
            return run(s, after, LETTER);
        }
        if (numeric) {
            int e = i;
            for (int k = 0; k < maxDigits && e < n && isNumeric(s.codePointAt(e)); k++) {
                e += Character.charCount(s.codePointAt(e));
            }
            return e;
        }
        int otherStart = isOther(cp) ? i : cp == ' ' && after < n && isOther(s.codePointAt(after)) ? after : -1;
        if (otherStart >= 0) {
            int e = run(s, otherStart, OTHER);
            while (e < n && (s.charAt(e) == '\r' || s.charAt(e) == '\n')) {
                e++;
            }
            return e;
        }
        // cp is whitespace from here on
        int runEnd = run(s, i, SPACE);
        for (int k = runEnd - 1; k >= i; k--) {
            if (s.charAt(k) == '\r' || s.charAt(k) == '\n') {
                return k + 1; // \s*[\r\n]+ backtracks to the last line break of the run
            }
        }
        return whitespace(s, i);
    }

    /** The end of a contraction ('s 't 're 've 'm 'll 'd) at {@code i}, or -1. */
    private static int contraction(String s, int i, boolean ignoreCase) {
        int n = s.length();
        if (i + 1 >= n) {
            return -1;
        }
        char a = s.charAt(i + 1);
        if (is(a, 's', ignoreCase) || is(a, 't', ignoreCase)) {
            return i + 2;
        }
        if (i + 2 < n && (is(a, 'r', ignoreCase) || is(a, 'v', ignoreCase)) && is(s.charAt(i + 2), 'e', ignoreCase)) {
            return i + 3;
        }
        if (is(a, 'm', ignoreCase)) {
            return i + 2;
        }
        if (i + 2 < n && is(a, 'l', ignoreCase) && is(s.charAt(i + 2), 'l', ignoreCase)) {
            return i + 3;
        }
        if (is(a, 'd', ignoreCase)) {
            return i + 2;
        }
        return -1;
    }

    /** Case-insensitive with Unicode folding, where U+017F (long s) also matches 's'. */
    private static boolean is(char c, char lower, boolean ignoreCase) {
        if (c == lower) {
            return true;
        }
        return ignoreCase && (c == Character.toUpperCase(lower) || (lower == 's' && c == '\u017F'));
    }

    /** {@code \s+(?!\S)|\s+}: a whitespace run, minus its last character when a non-space follows. */
    private static int whitespace(String s, int i) {
        int end = run(s, i, SPACE);
        if (end == s.length() || end - i < 2) {
            return end;
        }
        return end - 1;
    }

    private static final int LETTER = 0;
    private static final int NUMBER = 1;
    private static final int OTHER = 2;
    private static final int SPACE = 3;

    /** The end of the run of code points of one class starting at {@code i}. */
    private static int run(String s, int i, int kind) {
        int n = s.length();
        while (i < n) {
            int cp = s.codePointAt(i);
            boolean in = switch (kind) {
                case LETTER -> isLetter(cp);
                case NUMBER -> isNumeric(cp);
                case OTHER -> isOther(cp);
                default -> isWhitespace(cp);
            };
            if (!in) {
                break;
            }
            i += Character.charCount(cp);
        }
        return i;
    }

    /** {@code \p{L}}, with ASCII answered without a table lookup. */
    private static boolean isLetter(int cp) {
        if (cp < 0x80) {
            return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
        }
        return Character.isLetter(cp);
    }

    /** {@code \p{N}}. */
    private static boolean isNumeric(int cp) {
        return CharClasses.isNumeric(cp);
    }

    /** {@code \s}. */
    private static boolean isWhitespace(int cp) {
        return CharClasses.isWhitespace(cp);
    }

    /** {@code [^\s\p{L}\p{N}]}. */
    private static boolean isOther(int cp) {
        return !isWhitespace(cp) && !isLetter(cp) && !isNumeric(cp);
    }
}
