package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.UnicodeForms;

/** Unicode normalization form NFKC: compatibility decomposition followed by canonical composition. */
public record NFKC() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.normalize(UnicodeForms.Form.NFKC);
    }
}
