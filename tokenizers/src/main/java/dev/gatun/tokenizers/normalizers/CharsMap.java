package dev.gatun.tokenizers.normalizers;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * SentencePiece's precompiled character map: a Darts double-array trie over UTF-8 bytes whose leaves
 * point into a blob of NUL-terminated replacement strings.
 *
 * <p>Layout: a little-endian u32 with the trie's size in bytes, the trie as u32 units, then the blob.
 * A unit packs a leaf flag (bit 8), a label (low byte, with bit 31 marking non-leaf-value units), an
 * offset (bits 10.., scaled by 256 when bit 9 is set) and, for a value unit, a 31-bit value.
 */
final class CharsMap {
    private final int[] units;
    private final byte[] normalized;

    private CharsMap(int[] units, byte[] normalized) {
        this.units = units;
        this.normalized = normalized;
    }

    /** Parses the decoded {@code precompiled_charsmap} bytes; returns null if they are malformed. */
    static CharsMap parse(byte[] data) {
        if (data.length < 4) {
            return null;
        }
        ByteBuffer buf = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = Integer.toUnsignedLong(buf.getInt());
        if (trieBytes > data.length - 4L) {
            return null;
        }
        int[] units = new int[(int) (trieBytes / 4)];
        for (int i = 0; i < units.length; i++) {
            units[i] = buf.getInt();
        }
        byte[] normalized = new byte[data.length - 4 - units.length * 4];
        buf.get(normalized);
        if (units.length == 0) {
            return null;
        }
        return new CharsMap(units, normalized);
    }

    /**
     * The replacement for the shortest prefix of {@code key[0, length)} that the map holds, or null.
     * The caller then replaces all of {@code key}, not only that prefix, as the reference does.
     */
    String shortestPrefixReplacement(byte[] key, int length) {
        int nodePos = 0;
        int unit = units[nodePos];
        nodePos ^= offset(unit);
        for (int i = 0; i < length; i++) {
            int c = key[i] & 0xFF;
            if (c == 0) {
                break;
            }
            nodePos ^= c;
            if (nodePos < 0 || nodePos >= units.length) {
                return null;
            }
            unit = units[nodePos];
            if (label(unit) != c) {
                return null;
            }
            nodePos ^= offset(unit);
            if (hasLeaf(unit)) {
                if (nodePos < 0 || nodePos >= units.length) {
                    return null;
                }
                return replacementAt(value(units[nodePos]));
            }
        }
        return null;
    }

    private String replacementAt(int index) {
        if (index < 0 || index > normalized.length) {
            return null;
        }
        int end = index;
        while (end < normalized.length && normalized[end] != 0) {
            end++;
        }
        return new String(normalized, index, end - index, StandardCharsets.UTF_8);
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int value(int unit) {
        return unit & 0x7FFFFFFF;
    }

    private static int label(int unit) {
        return unit & (0x80000000 | 0xFF);
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }
}
