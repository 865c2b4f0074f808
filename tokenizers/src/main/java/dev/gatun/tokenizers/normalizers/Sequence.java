package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;

import java.util.List;

/** Applies several normalizers in order. */
public record Sequence(List<Normalizer> normalizers) implements Normalizer {

    /** Copies the list, so the record stays immutable. */
    public Sequence {
        normalizers = List.copyOf(normalizers);
    }

    @Override
    public void normalize(NormalizedString s) {
        for (Normalizer n : normalizers) {
            n.normalize(s);
        }
    }
}
