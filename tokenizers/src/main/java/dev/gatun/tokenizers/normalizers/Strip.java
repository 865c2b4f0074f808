package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;

/** Removes leading ({@code left}) and/or trailing ({@code right}) Unicode whitespace. */
public record Strip(boolean left, boolean right) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.strip(left, right);
    }
}
