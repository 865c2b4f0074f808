package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;

import java.util.regex.Pattern;

/**
 * Splits into runs of word characters and runs of other non-space characters ({@code \w+|[^\w\s]+}
 * with the Unicode classes of Rust's regex crate); whitespace is dropped.
 */
public record Whitespace() implements PreTokenizer {
    private static final String WORD = "\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}\\u200C\\u200D";
    private static final String SPACE = "\\t\\n\\x0B\\f\\r\\x20\\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029"
            + "\\u202F\\u205F\\u3000";
    private static final TextPattern WORDS = new TextPattern.Inverted(new TextPattern.Regex(
            Pattern.compile("[" + WORD + "]+|[^" + WORD + SPACE + "]+")));

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(WORDS, SplitDelimiterBehavior.REMOVED));
    }
}
