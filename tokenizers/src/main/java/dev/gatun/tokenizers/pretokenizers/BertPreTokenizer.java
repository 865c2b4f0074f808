package dev.gatun.tokenizers.pretokenizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.text.PreTokenizedString;
import dev.gatun.tokenizers.unicode.CharClasses;

import java.util.ArrayList;
import java.util.List;

/**
 * BERT's pre-tokenizer: split on whitespace (dropped), then isolate every punctuation character.
 * Both steps happen in one pass; slicing a slice gives what slicing the original directly gives.
 */
public record BertPreTokenizer() implements PreTokenizer {

    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((index, n) -> words(n));
    }

    private static List<NormalizedString> words(NormalizedString n) {
        String text = n.get();
        List<NormalizedString> out = new ArrayList<>();
        int wordStart = -1;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            boolean space = CharClasses.isWhitespace(cp);
            boolean punctuation = !space && CharClasses.isPunctuation(cp);
            if (space || punctuation) {
                if (wordStart >= 0) {
                    out.add(n.slice(wordStart, i));
                    wordStart = -1;
                }
                if (punctuation) {
                    out.add(n.slice(i, next));
                }
            } else if (wordStart < 0) {
                wordStart = i;
            }
            i = next;
        }
        if (wordStart >= 0) {
            out.add(n.slice(wordStart, text.length()));
        }
        return out;
    }
}
