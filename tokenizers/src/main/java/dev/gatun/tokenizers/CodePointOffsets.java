package dev.gatun.tokenizers;

import dev.gatun.tokenizers.unicode.Utf8;

/**
 * Converts UTF-16 offsets into one input to code-point offsets, the unit the reference reports.
 *
 * <p>Like the reference's converter, an end at the end of the text maps to one past the last
 * character, and a start that is not inside the text cannot be converted: the reference then keeps its
 * raw UTF-8 byte offsets, and so does this class.
 */
final class CodePointOffsets {
    private final String text;
    /** Code-point index of each UTF-16 unit, or null when the text has no surrogate pairs. */
    private final int[] index;

    CodePointOffsets(String text) {
        this.text = text;
        int[] idx = null;
        for (int i = 0; i < text.length(); i++) {
            if (Character.isSurrogate(text.charAt(i))) {
                idx = buildIndex(text);
                break;
            }
        }
        this.index = idx;
    }

    private static int[] buildIndex(String text) {
        int[] idx = new int[text.length()];
        int cp = 0;
        for (int i = 0; i < text.length(); ) {
            int n = Character.charCount(text.codePointAt(i));
            for (int k = 0; k < n && i + k < text.length(); k++) {
                idx[i + k] = cp;
            }
            i += n;
            cp++;
        }
        return idx;
    }

    /** Writes the code-point range of the UTF-16 range [start, end) to {@code starts[at]}, {@code ends[at]}. */
    void convert(int start, int end, int[] starts, int[] ends, int at) {
        if (index == null && start < text.length() && start >= 0) {
            starts[at] = start; // without surrogate pairs, units are code points
            ends[at] = end <= text.length() ? end : start + 2;
            return;
        }
        Offset o = convert(start, end);
        starts[at] = o.start();
        ends[at] = o.end();
    }

    /** {start, end} in code points for the UTF-16 range [start, end). */
    Offset convert(int start, int end) {
        if (start >= text.length() || start < 0) {
            return new Offset(Utf8.length(text, 0, Math.min(Math.max(start, 0), text.length())) + Math.max(0,
                    start - text.length()), Utf8.length(text, 0, Math.min(Math.max(end, 0), text.length()))
                    + Math.max(0, end - text.length()));
        }
        int s = at(start);
        int e;
        if (end < text.length()) {
            e = at(end);
        } else {
            e = end - 1 < text.length() ? at(end - 1) + 1 : s + 2;
        }
        return new Offset(s, e);
    }

    private int at(int unit) {
        return index == null ? unit : index[unit];
    }
}
