package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.UnicodeForms;

/** Unicode normalization form NFC: canonical decomposition followed by canonical composition. */
public record NFC() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.normalize(UnicodeForms.Form.NFC);
    }
}
