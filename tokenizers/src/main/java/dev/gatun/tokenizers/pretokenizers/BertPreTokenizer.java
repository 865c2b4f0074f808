package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.unicode.CharClasses;

/** BERT's pre-tokenizer: split on whitespace (dropped), then isolate every punctuation character. */
public record BertPreTokenizer() implements PreTokenizer {
    private static final TextPattern WHITESPACE = new TextPattern.Chars(CharClasses::isWhitespace);
    private static final TextPattern PUNCTUATION = new TextPattern.Chars(CharClasses::isPunctuation);

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> n.split(WHITESPACE, SplitDelimiterBehavior.REMOVED));
        s.split((i, n) -> n.split(PUNCTUATION, SplitDelimiterBehavior.ISOLATED));
    }
}
