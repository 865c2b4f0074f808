package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.CharClasses;

/** Separates numeric characters from the rest: each digit alone, or runs of digits together. */
public record Digits(boolean individualDigits) implements PreTokenizer {
    private static final TextPattern NUMERIC = new TextPattern.Chars(CharClasses::isNumeric);

    @Override
    public void preTokenize(PreTokenizedString s) {
        SplitDelimiterBehavior behavior = individualDigits ? SplitDelimiterBehavior.ISOLATED
                : SplitDelimiterBehavior.CONTIGUOUS;
        s.split((i, n) -> n.split(NUMERIC, behavior));
    }
}
