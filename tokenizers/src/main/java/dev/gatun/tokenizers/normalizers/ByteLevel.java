package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.ByteLevelAlphabet;
import dev.gatun.tokenizers.text.NormalizedString;

/** Rewrites text as GPT-2's byte alphabet: one printable character per UTF-8 byte. */
public record ByteLevel() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        if (!s.isEmpty()) {
            ByteLevelAlphabet.encode(s);
        }
    }
}
