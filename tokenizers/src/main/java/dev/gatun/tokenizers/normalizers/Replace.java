package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.text.TextPattern;

/**
 * Replaces every match of a literal string or regular expression with {@code content}. The replacement
 * aligns with the last character of the match.
 */
public record Replace(TextPattern pattern, String content) implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.replace(pattern, content);
    }
}
