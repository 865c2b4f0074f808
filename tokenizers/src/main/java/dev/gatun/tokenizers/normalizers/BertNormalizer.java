package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.CharClasses;
import dev.gatun.tokenizers.unicode.CharEdits;
import dev.gatun.tokenizers.unicode.UnicodeForms;

/**
 * BERT's text cleanup, in this order: drop control characters and map whitespace to spaces
 * ({@code cleanText}), surround CJK ideographs with spaces ({@code handleChineseChars}), remove accents
 * after NFD ({@code stripAccents}; when null it follows {@code lowercase}), and lowercase per code point.
 */
public record BertNormalizer(boolean cleanText, boolean handleChineseChars, Boolean stripAccents, boolean lowercase)
        implements Normalizer {

    @Override
    public void normalize(NormalizedString s) {
        if (cleanText) {
            s.filter(cp -> !(cp == 0 || cp == 0xFFFD || CharClasses.isBertControl(cp)));
            s.map(cp -> CharClasses.isWhitespace(cp) ? ' ' : cp);
        }
        if (handleChineseChars) {
            spaceChineseChars(s);
        }
        if (stripAccents != null ? stripAccents : lowercase) {
            s.normalize(UnicodeForms.Form.NFD);
            s.filter(cp -> !CharClasses.isNonspacingMark(cp));
        }
        if (lowercase) {
            s.lowercase();
        }
    }

    private static void spaceChineseChars(NormalizedString s) {
        String text = s.get();
        boolean any = false;
        for (int i = 0; i < text.length() && !any; ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            any = CharClasses.isChineseChar(cp);
        }
        if (!any) {
            return;
        }
        CharEdits edits = new CharEdits(text.length() + 16);
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (CharClasses.isChineseChar(cp)) {
                edits.add(' ', 0);
                edits.add(cp, 1);
                edits.add(' ', 1);
            } else {
                edits.add(cp, 0);
            }
        }
        s.transform(edits, 0);
    }
}
