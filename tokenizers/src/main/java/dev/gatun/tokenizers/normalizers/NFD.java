package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.UnicodeForms;

/** Unicode normalization form NFD: canonical decomposition. */
public record NFD() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.normalize(UnicodeForms.Form.NFD);
    }
}
