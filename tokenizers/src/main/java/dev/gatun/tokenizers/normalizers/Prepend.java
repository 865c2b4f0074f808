package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;

/** Puts {@code prepend} (SentencePiece's "▁") in front of non-empty text. */
public record Prepend(String prepend) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.prepend(prepend);
    }
}
