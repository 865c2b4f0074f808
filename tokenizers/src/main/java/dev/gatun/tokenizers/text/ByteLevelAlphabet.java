package dev.gatun.tokenizers.text;

import dev.gatun.tokenizers.unicode.CharEdits;

/**
 * GPT-2's byte-to-character table: every byte value maps to one printable character, so any UTF-8 text
 * can be spelled with a 256-character alphabet (the space byte becomes {@code Ġ}, LF {@code Ċ}).
 * Printable Latin-1 bytes map to themselves; the others to U+0100 onwards, in byte order.
 */
public final class ByteLevelAlphabet {
    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[0x144];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevelAlphabet() {
    }

    /** The character standing for byte {@code b} (0..255). */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The byte that {@code c} stands for, or -1 if {@code c} is not in the alphabet. */
    public static int byteOf(int c) {
        return c >= 0 && c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
    }

    /**
     * Rewrites {@code s} in the byte alphabet. Each character becomes one character per UTF-8 byte; the
     * first replaces it and the others are insertions aligned with it.
     */
    public static void encode(NormalizedString s) {
        String text = s.get();
        char[] mapped = new char[text.length()];
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            char c = text.charAt(i);
            ascii = c < 0x80;
            mapped[i] = BYTE_TO_CHAR[c & 0xFF];
        }
        // ASCII is one byte per character: the text changes, the alignments do not.
        if (ascii && s.replaceUnits(new String(mapped))) {
            return;
        }
        CharEdits edits = new CharEdits(text.length() * 3);
        byte[] buffer = new byte[4];
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            int n = utf8(cp, buffer);
            for (int k = 0; k < n; k++) {
                edits.add(BYTE_TO_CHAR[buffer[k] & 0xFF], k == 0 ? 0 : 1);
            }
        }
        s.transform(edits, 0);
    }

    /**
     * Writes the UTF-8 bytes of {@code cp} to {@code out} (room for 4) and returns how many; a lone
     * surrogate is encoded like any other code point, as this alphabet spells it.
     */
    public static int utf8(int cp, byte[] out) {
        if (cp < 0x80) {
            out[0] = (byte) cp;
            return 1;
        }
        if (cp < 0x800) {
            out[0] = (byte) (0xC0 | (cp >> 6));
            out[1] = (byte) (0x80 | (cp & 0x3F));
            return 2;
        }
        if (cp < 0x10000) {
            out[0] = (byte) (0xE0 | (cp >> 12));
            out[1] = (byte) (0x80 | ((cp >> 6) & 0x3F));
            out[2] = (byte) (0x80 | (cp & 0x3F));
            return 3;
        }
        out[0] = (byte) (0xF0 | (cp >> 18));
        out[1] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[2] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[3] = (byte) (0x80 | (cp & 0x3F));
        return 4;
    }
}
