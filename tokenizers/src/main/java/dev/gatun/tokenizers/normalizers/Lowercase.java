package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;

/** Lowercases per code point: a final capital sigma becomes σ, and İ becomes "i̇". */
public record Lowercase() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.lowercase();
    }
}
