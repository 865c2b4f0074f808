package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.text.SplitDelimiterBehavior;
import dev.gatun.tokenizers.text.TextPattern;

import java.util.List;

/**
 * SentencePiece's whitespace handling: spaces become {@code replacement} ("▁"), which is also put in
 * front of a word (always, only for the first word of the input, or never) and, with {@code split},
 * starts every new word.
 */
public record Metaspace(int replacement, PrependScheme prependScheme, boolean split) implements PreTokenizer {

    /** When to put the replacement in front of a word. */
    public enum PrependScheme {
        /** Before every word. */
        ALWAYS,
        /** Only before the word that starts the input. */
        FIRST,
        /** Never. */
        NEVER
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        String rep = new String(Character.toChars(replacement));
        TextPattern space = new TextPattern.Chars(cp -> cp == ' ');
        TextPattern delimiter = new TextPattern.Chars(cp -> cp == replacement);
        s.split((i, n) -> {
            n.replace(space, rep);
            boolean startsWithReplacement = n.get().startsWith(rep);
            if (prependScheme == PrependScheme.ALWAYS && !startsWithReplacement) {
                n.prepend(rep);
            } else if (prependScheme == PrependScheme.FIRST && !startsWithReplacement && n.originalShift() == 0) {
                n.prepend(rep);
            }
            return split ? n.split(delimiter, SplitDelimiterBehavior.MERGED_WITH_NEXT) : List.of(n);
        });
    }
}
