package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;

/** Splits on one delimiter character, which is dropped. */
public record CharDelimiterSplit(int delimiter) implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        TextPattern pattern = new TextPattern.Chars(cp -> cp == delimiter);
        s.split((i, n) -> n.split(pattern, SplitDelimiterBehavior.REMOVED));
    }
}
