package dev.gatun.tokenizers.unicode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 helpers: byte lengths, encoding, and decoding that treats invalid input exactly as Rust's
 * {@code String::from_utf8_lossy} does (one U+FFFD per maximal invalid prefix), which byte-level
 * decoders rely on when a token sequence ends inside a multi-byte character.
 */
public final class Utf8 {

    private static final char REPLACEMENT = '\uFFFD';

    private Utf8() {
    }

    /** The number of UTF-8 bytes of one code point. */
    public static int length(int cp) {
        return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    }

    /** The number of UTF-8 bytes of {@code s[from, to)}. */
    public static int length(CharSequence s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; ) {
            int cp = Character.codePointAt(s, i);
            n += length(cp);
            i += Character.charCount(cp);
        }
        return n;
    }

    /** Appends the UTF-8 bytes of {@code cp} to {@code out}. */
    public static void encode(int cp, ByteArrayOutputStream out) {
        if (cp < 0x80) {
            out.write(cp);
        } else if (cp < 0x800) {
            out.write(0xC0 | (cp >> 6));
            out.write(0x80 | (cp & 0x3F));
        } else if (cp < 0x10000) {
            out.write(0xE0 | (cp >> 12));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        } else {
            out.write(0xF0 | (cp >> 18));
            out.write(0x80 | ((cp >> 12) & 0x3F));
            out.write(0x80 | ((cp >> 6) & 0x3F));
            out.write(0x80 | (cp & 0x3F));
        }
    }

    /** The UTF-8 bytes of {@code s} (a lone surrogate, which no Rust string can hold, becomes {@code ?}). */
    public static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes {@code bytes[0, length)}, or returns null when they are not valid UTF-8. */
    public static String decodeStrict(byte[] bytes, int length) {
        int i = 0;
        while (i < length) {
            int n = validSequenceLength(bytes, i, length);
            if (n <= 0) {
                return null;
            }
            i += n;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Decodes {@code bytes[0, length)}, replacing each maximal prefix of an invalid sequence with one
     * U+FFFD, as Rust's {@code String::from_utf8_lossy}.
     */
    public static String decodeLossy(byte[] bytes, int length) {
        StringBuilder out = new StringBuilder(length);
        int validStart = 0;
        int i = 0;
        while (i < length) {
            int n = validSequenceLength(bytes, i, length);
            if (n > 0) {
                i += n;
                continue;
            }
            out.append(new String(bytes, validStart, i - validStart, StandardCharsets.UTF_8));
            out.append(REPLACEMENT);
            i += Math.max(1, -n);
            validStart = i;
        }
        out.append(new String(bytes, validStart, length - validStart, StandardCharsets.UTF_8));
        return out.toString();
    }

    /**
     * The length of the valid sequence starting at {@code i}, or minus the length of the maximal
     * invalid prefix there (the lead byte plus the continuation bytes that were still acceptable).
     */
    private static int validSequenceLength(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int width;
        int secondLow = 0x80;
        int secondHigh = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            width = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            width = 3;
            if (lead == 0xE0) {
                secondLow = 0xA0;
            } else if (lead == 0xED) {
                secondHigh = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            width = 4;
            if (lead == 0xF0) {
                secondLow = 0x90;
            } else if (lead == 0xF4) {
                secondHigh = 0x8F;
            }
        } else {
            return -1;
        }
        for (int k = 1; k < width; k++) {
            if (i + k >= end) {
                return -k;
            }
            int c = b[i + k] & 0xFF;
            int low = k == 1 ? secondLow : 0x80;
            int high = k == 1 ? secondHigh : 0xBF;
            if (c < low || c > high) {
                return -k;
            }
        }
        return width;
    }
}
