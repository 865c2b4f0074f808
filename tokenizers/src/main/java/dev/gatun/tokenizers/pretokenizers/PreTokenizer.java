package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;

/**
 * Cuts normalized text into words (and may rewrite them, as ByteLevel does). The model later
 * tokenizes each word on its own. Implementations are immutable.
 */
public sealed interface PreTokenizer permits ByteLevel, BertPreTokenizer, Whitespace, WhitespaceSplit, Metaspace,
        Split, Digits, Punctuation, CharDelimiterSplit, Sequence {

    /** Splits the untokenized splits of {@code s} in place. */
    void preTokenize(PreTokenizedString s);
}
