package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.CharClasses;

/** Removes combining marks (Mn, Mc, Me); usually placed after NFD so accents are separate marks. */
public record StripAccents() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(cp -> !CharClasses.isCombiningMark(cp));
    }
}
