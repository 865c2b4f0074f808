package dev.gatun.tokenizers.normalizers;

import dev.gatun.tokenizers.text.NormalizedString;
import dev.gatun.tokenizers.unicode.CharEdits;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.Locale;

/**
 * SentencePiece's compiled normalization rules ({@code precompiled_charsmap}), applied per extended
 * grapheme cluster as the reference does: a cluster shorter than 6 UTF-8 bytes is looked up whole
 * (the shortest matching prefix decides its replacement); otherwise, or when it has no entry, each
 * character is looked up on its own.
 */
public final class Precompiled implements Normalizer {
    private static final int WHOLE_CLUSTER_LIMIT = 6;

    private final CharsMap map;

    Precompiled(CharsMap map) {
        this.map = map;
    }

    @Override
    public void normalize(NormalizedString s) {
        String text = s.get();
        CharEdits edits = new CharEdits(text.length() + 8);
        boolean modified = false;
        BreakIterator graphemes = BreakIterator.getCharacterInstance(Locale.ROOT);
        graphemes.setText(text);
        int start = graphemes.first();
        for (int end = graphemes.next(); end != BreakIterator.DONE; start = end, end = graphemes.next()) {
            String cluster = text.substring(start, end);
            byte[] bytes = cluster.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < WHOLE_CLUSTER_LIMIT) {
                String replacement = map.shortestPrefixReplacement(bytes, bytes.length);
                if (replacement != null) {
                    modified = true;
                    replace(edits, cluster, replacement);
                    continue;
                }
            }
            for (int i = 0; i < cluster.length(); ) {
                int cp = cluster.codePointAt(i);
                String part = cluster.substring(i, i + Character.charCount(cp));
                i += part.length();
                byte[] partBytes = part.getBytes(StandardCharsets.UTF_8);
                String replacement = map.shortestPrefixReplacement(partBytes, partBytes.length);
                if (replacement != null) {
                    modified = true;
                    replace(edits, part, replacement);
                } else {
                    edits.add(cp, 0);
                }
            }
        }
        if (modified) {
            s.transform(edits, 0);
        }
    }

    /** Appends the edits turning {@code oldPart} into {@code newPart}, in the reference's convention. */
    private static void replace(CharEdits edits, String oldPart, String newPart) {
        int oldCount = oldPart.codePointCount(0, oldPart.length());
        int newCount = newPart.codePointCount(0, newPart.length());
        int diff = newCount - oldCount;
        newPart.codePoints().forEach(cp -> edits.add(cp, 0));
        if (diff > 0) {
            for (int k = 0; k < diff; k++) {
                int i = edits.size() - 1 - k;
                edits.setChange(i, 1);
            }
        } else if (diff < 0 && edits.size() > 0) {
            int last = edits.size() - 1;
            edits.setChange(last, edits.change(last) + diff);
        }
    }
}
