package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;

/** SentencePiece's NMT cleanup: drops ASCII control characters and maps other invisible separators to a space. */
public record Nmt() implements Normalizer {
    @Override
    public void normalize(NormalizedString s) {
        s.filter(cp -> !((cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || cp == 0x8F || cp == 0x9F));
        s.map(cp -> switch (cp) {
            case 0x09, 0x0A, 0x0C, 0x0D, 0x1680, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x2581,
                 0xFEFF, 0xFFFD -> ' ';
            default -> cp;
        });
    }
}
