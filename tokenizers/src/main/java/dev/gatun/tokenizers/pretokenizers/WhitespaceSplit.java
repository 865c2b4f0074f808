package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.CharClasses;

/** Splits on Unicode whitespace, which is dropped. */
public record WhitespaceSplit() implements PreTokenizer {
    private static final TextPattern WHITESPACE = new TextPattern.Chars(CharClasses::isWhitespace);

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(WHITESPACE, SplitDelimiterBehavior.REMOVED));
    }
}
