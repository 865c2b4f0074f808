package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;

/**
 * Rewrites text before it is split into words (Unicode forms, case, accents, spacing), keeping the
 * alignment to the original text in the {@link NormalizedString}. Implementations are immutable.
 */
public sealed interface Normalizer permits BertNormalizer, Lowercase, NFC, NFD, NFKC, NFKD, StripAccents, Strip,
        Replace, Prepend, Precompiled, Sequence, Nmt, ByteLevel {

    /** Normalizes {@code s} in place. */
    void normalize(NormalizedString s);

    /** The normalized form of {@code text}, as {@code normalize_str} of the reference. */
    default String normalizeString(String text) {
        NormalizedString s = NormalizedString.from(text);
        normalize(s);
        return s.get();
    }
}
