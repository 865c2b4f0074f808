package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.UnicodeForms;

/** Unicode normalization form NFKD: compatibility decomposition. */
public record NFKD() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.normalize(UnicodeForms.Form.NFKD);
    }
}
