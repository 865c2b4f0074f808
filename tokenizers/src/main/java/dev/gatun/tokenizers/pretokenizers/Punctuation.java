package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.CharClasses;

/** Splits on punctuation (ASCII punctuation or a Unicode 9.0 P* category) with the given behavior. */
public record Punctuation(SplitDelimiterBehavior behavior) implements PreTokenizer {
    private static final TextPattern PUNCTUATION = new TextPattern.Chars(CharClasses::isPunctuation);

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(PUNCTUATION, behavior));
    }
}
