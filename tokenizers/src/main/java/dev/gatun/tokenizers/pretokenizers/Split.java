package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;

/**
 * Splits on a literal or regex pattern; {@code behavior} decides what happens to the matches, and
 * {@code invert} makes the text between matches the delimiters instead.
 */
public record Split(TextPattern pattern, SplitDelimiterBehavior behavior, boolean invert) implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        TextPattern p = invert ? new TextPattern.Inverted(pattern) : pattern;
        s.split((i, n) -> n.split(p, behavior));
    }
}
