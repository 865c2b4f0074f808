package dev.gatun.tokenizers.unicode;

import dev.gatun.tensor.GatunException;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the Oniguruma (Ruby syntax) regular expressions found in {@code tokenizer.json} files into
 * {@link java.util.regex.Pattern}s that match the same text.
 *
 * <p>Both engines backtrack with leftmost-first alternation, lookahead, possessive and atomic groups, so
 * most patterns carry over; what differs is rewritten:
 * <ul>
 *   <li>{@code \s}, {@code \d}, {@code \w}, {@code \h} are Unicode classes in Oniguruma
 *       ({@code \s} is White_Space, including U+0085 and U+00A0); Java's are ASCII, and its {@code \h}
 *       means horizontal space rather than a hex digit;</li>
 *   <li>{@code \p{^L}} negation, {@code [:alpha:]} brackets, {@code {,n}} intervals, {@code \v};</li>
 *   <li>{@code (?m)} is dot-all in Ruby syntax; {@code ^}/{@code $} always match at line breaks, and
 *       only LF is a line break;</li>
 *   <li>case-insensitive groups fold Unicode case, as {@code (?i:'s)} must also match {@code 'ſ}.</li>
 * </ul>
 */
public final class OnigRegex {

    private static final String WHITESPACE = "\\t\\n\\x0B\\f\\r\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029"
            + "\\u202F\\u205F\\u3000";
    private static final String WORD = "\\p{L}\\p{M}\\p{Nd}\\p{Pc}";
    private static final String HEX = "0-9a-fA-F";
    private static final int FLAGS = Pattern.MULTILINE | Pattern.UNIX_LINES | Pattern.UNICODE_CASE;

    private OnigRegex() {
    }

    /** Compiles an Oniguruma pattern; a pattern Java cannot express is a {@link GatunException}. */
    public static Pattern compile(String onig) {
        String java = translate(onig);
        try {
            return Pattern.compile(java, FLAGS);
        } catch (PatternSyntaxException e) {
            throw new GatunException("regular expression " + quote(onig) + " is not supported: " + e.getDescription());
        }
    }

    /** A pattern that matches {@code literal} exactly. */
    public static Pattern literal(String literal) {
        return Pattern.compile(Pattern.quote(literal));
    }

    /** The Java regex source equivalent to the Oniguruma pattern {@code onig}. */
    static String translate(String onig) {
        StringBuilder out = new StringBuilder(onig.length() + 32);
        int classDepth = 0;
        int i = 0;
        while (i < onig.length()) {
            char c = onig.charAt(i);
            if (c == '\\' && i + 1 < onig.length()) {
                i = escape(onig, i, classDepth > 0, out);
            } else if (c == '[') {
                if (classDepth > 0 && onig.startsWith("[:", i)) {
                    i = posixBracket(onig, i, out);
                    continue;
                }
                classDepth++;
                out.append(c);
                i++;
                if (i < onig.length() && onig.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                if (i < onig.length() && onig.charAt(i) == ']') {
                    out.append("\\]"); // a leading ] is a literal in Oniguruma
                    i++;
                }
            } else if (c == ']' && classDepth > 0) {
                classDepth--;
                out.append(c);
                i++;
            } else if (c == '{' && classDepth == 0 && onig.startsWith("{,", i)) {
                out.append("{0,");
                i += 2;
            } else if (c == '(' && classDepth == 0 && onig.startsWith("(?", i)) {
                i = groupFlags(onig, i, out);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString();
    }

    private static int escape(String s, int i, boolean inClass, StringBuilder out) {
        char e = s.charAt(i + 1);
        switch (e) {
            case 's' -> out.append(inClass ? WHITESPACE : "[" + WHITESPACE + "]");
            case 'S' -> out.append("[^" + WHITESPACE + "]");
            case 'd' -> out.append("\\p{Nd}");
            case 'D' -> out.append("\\P{Nd}");
            case 'w' -> out.append(inClass ? WORD : "[" + WORD + "]");
            case 'W' -> out.append("[^" + WORD + "]");
            case 'h' -> out.append(inClass ? HEX : "[" + HEX + "]");
            case 'H' -> out.append("[^" + HEX + "]");
            case 'v' -> out.append("\\x0B");
            case 'p', 'P' -> {
                return property(s, i, out);
            }
            case 'K' -> throw new GatunException("regular expression " + quote(s) + " uses \\K, which Java does not support");
            default -> out.append('\\').append(e);
        }
        return i + 2;
    }

    /** {@code \p{Name}}, {@code \p{^Name}} and {@code \P{Name}}, with script names Java needs as {@code IsName}. */
    private static int property(String s, int i, StringBuilder out) {
        boolean negated = s.charAt(i + 1) == 'P';
        if (i + 2 >= s.length() || s.charAt(i + 2) != '{') {
            out.append(s, i, i + 3 <= s.length() ? i + 3 : s.length()); // one-letter form such as \pL
            return Math.min(i + 3, s.length());
        }
        int close = s.indexOf('}', i);
        if (close < 0) {
            throw new GatunException("regular expression " + quote(s) + ": unterminated \\p{");
        }
        String name = s.substring(i + 3, close);
        if (name.startsWith("^")) {
            negated = !negated;
            name = name.substring(1);
        }
        String javaName = name;
        try {
            Pattern.compile("\\p{" + name + "}");
        } catch (PatternSyntaxException notGeneralCategory) {
            javaName = "Is" + name;
        }
        out.append(negated ? "\\P{" : "\\p{").append(javaName).append('}');
        return close + 1;
    }

    private static int posixBracket(String s, int i, StringBuilder out) {
        int close = s.indexOf(":]", i + 2);
        if (close < 0) {
            throw new GatunException("regular expression " + quote(s) + ": unterminated [: bracket");
        }
        String name = s.substring(i + 2, close);
        String replacement = switch (name) {
            case "alpha" -> "\\p{IsAlphabetic}";
            case "digit" -> "\\p{Nd}";
            case "alnum" -> "\\p{IsAlphabetic}\\p{Nd}";
            case "space" -> WHITESPACE;
            case "upper" -> "\\p{IsUppercase}";
            case "lower" -> "\\p{IsLowercase}";
            case "punct" -> "\\p{P}";
            case "cntrl" -> "\\p{Cc}";
            case "xdigit" -> HEX;
            case "word" -> WORD;
            case "blank" -> "\\t\\p{Zs}";
            default -> throw new GatunException("regular expression " + quote(s) + ": POSIX bracket [:" + name
                    + ":] is not supported");
        };
        out.append(replacement);
        return close + 2;
    }

    /** Inline flags: Ruby's {@code m} (dot matches newline) is Java's {@code s}. */
    private static int groupFlags(String s, int i, StringBuilder out) {
        int j = i + 2;
        StringBuilder flags = new StringBuilder();
        while (j < s.length() && "imx-".indexOf(s.charAt(j)) >= 0) {
            char f = s.charAt(j);
            flags.append(f == 'm' ? 's' : f);
            j++;
        }
        out.append("(?").append(flags);
        return j;
    }

    private static String quote(String pattern) {
        return "\"" + pattern + "\"";
    }
}
