package dev.gatun.tokenizers.text;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random text for properties, built from pieces that exercise tokenizer edge cases. */
public final class TextSamples {

    /** Spaces of all kinds, line breaks, letters, digits, quotes, marks, scripts, emoji, special-token look-alikes. */
    private static final String[] PIECES = {
        " ", " ", "  ", "\t", "\n", "\r", "\r\n", "\u00A0", "\u0085", "\u3000", "\u2009",
        "a", "b", "Z", "s", "S", "t", "T", "r", "e", "v", "m", "l", "L", "d", "D", "\u017F", "hello", "The",
        "'", "'", "'s", "'S", "'ll", "'LL", "'ve", "'Re", "'d",
        "1", "2", "3", "9", "1234", "\u0663", "\u00BD", "\u2167",
        ".", ",", "!", "?", "-", "_", "$", "(", ")", "\u00BF", "\u3002",
        "\u00E9", "e\u0301", "\u0301", "\u4E2D", "\u6587", "\u0939\u093F", "\u05E9", "\u00C5", "\uFB01",
        "\uD83D\uDE00", "\uD83D\uDC4D\uD83C\uDFFD", "\u200D", "\uD840\uDC00", "\uFFFD",
        "<|endoftext|>", "<|im_start|>", "<think>", "<|begin_of_text|>", "<mask>", "the", " dog", "\u00C4\u00D6"
    };

    private TextSamples() {
    }

    /** Strings of up to 24 pieces. */
    public static Arbitrary<String> texts() {
        return Arbitraries.of(PIECES).list().ofMinSize(0).ofMaxSize(24).map(parts -> String.join("", parts));
    }
}
