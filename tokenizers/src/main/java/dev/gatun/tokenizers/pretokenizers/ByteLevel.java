package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.ByteLevelAlphabet;
import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;
import dev.gatun.tokenizers.text.WordScanners;

import java.util.List;

/**
 * GPT-2's pre-tokenizer: optionally adds a leading space, splits with GPT-2's regex (contractions,
 * letter runs, digit runs, other symbols, whitespace) and spells every word in the byte alphabet of
 * {@link ByteLevelAlphabet}. {@code trimOffsets} only matters to the post-processor and decoder.
 */
public record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PreTokenizer {

    /** GPT-2's word regex ({@link WordScanners#GPT2}), matched by its hand-written scanner. */
    private static final TextPattern GPT2 = new TextPattern.Scanned(WordScanners.forPattern(WordScanners.GPT2));

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((index, n) -> {
            if (addPrefixSpace && !n.get().startsWith(" ")) {
                n.prepend(" ");
            }
            return useRegex ? n.split(GPT2, SplitDelimiterBehavior.ISOLATED) : List.of(n);
        });
        s.normalize(ByteLevelAlphabet::encode);
    }
}
