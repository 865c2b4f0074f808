package dev.gatun.tokenizers.models;

import dev.gatun.tokenizers.unicode.Utf8;

/**
 * Maps UTF-8 byte ranges inside a word back to UTF-16 units: a range starts at the character holding
 * its first byte and ends after the character holding its last byte, which is what the reference's
 * per-byte alignments give for byte-fallback tokens that cover part of a character.
 */
final class ByteOffsets {
    private final int[] charStart;
    private final int[] charEnd;

    ByteOffsets(String word) {
        int n = Utf8.length(word, 0, word.length());
        charStart = new int[n];
        charEnd = new int[n];
        int b = 0;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int end = i + Character.charCount(cp);
            for (int k = 0; k < Utf8.length(cp); k++) {
                charStart[b] = i;
                charEnd[b] = end;
                b++;
            }
            i = end;
        }
    }

    /** The UTF-16 start of byte range [start, end); out-of-range input is returned as is. */
    int startUnit(int start, int end) {
        return inRange(start, end) ? charStart[start] : start;
    }

    /** The UTF-16 end of byte range [start, end); out-of-range input is returned as is. */
    int endUnit(int start, int end) {
        return inRange(start, end) ? charEnd[end - 1] : end;
    }

    private boolean inRange(int start, int end) {
        return start < end && end <= charStart.length;
    }
}
