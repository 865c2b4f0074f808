package dev.gatun.tokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The result of encoding one input or one pair: parallel per-token arrays.
 *
 * <p>Arrays are shared, not copied: treat them as read-only. Offsets come twice: {@code offsets} in
 * Unicode code points (what the reference returns, and what Python's string indices are) and
 * {@code offsetsUtf16} in UTF-16 units ({@link String} indices). For a pair, the offsets of the second
 * sequence's tokens refer to the second text.
 *
 * @param ids               token ids
 * @param tokens            token strings as in the vocabulary
 * @param offsets           code-point ranges of the input each token comes from
 * @param offsetsUtf16      the same ranges as {@link String} indices
 * @param typeIds           segment ids (0 for the first sequence, usually 1 for the second)
 * @param specialTokensMask 1 for tokens added by post-processing or padding
 * @param attentionMask     0 for padding
 * @param wordIds           the index of the word each token belongs to, or -1 for added/special tokens
 * @param sequenceIds       0 or 1: which input a token comes from, or -1 for special and pad tokens
 * @param overflowing       what truncation cut off, each window a full encoding
 */
public record Encoding(int[] ids, List<String> tokens, List<Offset> offsets, List<Offset> offsetsUtf16, int[] typeIds,
        int[] specialTokensMask, int[] attentionMask, int[] wordIds, int[] sequenceIds, List<Encoding> overflowing) {

    private static final Encoding EMPTY = new Encoding(new int[0], List.of(), OffsetList.EMPTY, OffsetList.EMPTY,
            new int[0], new int[0], new int[0], new int[0], new int[0], List.of());

    /** Makes the lists unmodifiable (lists that already are, such as {@code List.of}, are kept as they are). */
    public Encoding {
        tokens = List.copyOf(tokens);
        offsets = OffsetList.of(offsets);
        offsetsUtf16 = OffsetList.of(offsetsUtf16);
        overflowing = List.copyOf(overflowing);
    }

    /** An encoding without tokens. */
    public static Encoding empty() {
        return EMPTY;
    }

    /** The number of tokens. */
    public int length() {
        return ids.length;
    }

    /** Whether there are no tokens. */
    public boolean isEmpty() {
        return ids.length == 0;
    }

    /** The same encoding with every type id set to {@code typeId}. */
    public Encoding withTypeId(int typeId) {
        int[] t = new int[ids.length];
        Arrays.fill(t, typeId);
        return new Encoding(ids, tokens, offsets, offsetsUtf16, t, specialTokensMask, attentionMask, wordIds,
                sequenceIds, overflowing);
    }

    /** The same encoding with every token marked as coming from sequence {@code sequenceId}. */
    public Encoding withSequenceId(int sequenceId) {
        int[] s = new int[ids.length];
        Arrays.fill(s, sequenceId);
        return new Encoding(ids, tokens, offsets, offsetsUtf16, typeIds, specialTokensMask, attentionMask, wordIds, s,
                overflowing);
    }

    /** The same encoding with other overflowing windows. */
    public Encoding withOverflowing(List<Encoding> windows) {
        return new Encoding(ids, tokens, offsets, offsetsUtf16, typeIds, specialTokensMask, attentionMask, wordIds,
                sequenceIds, windows);
    }

    /** The same encoding with other offsets (both units). */
    public Encoding withOffsets(List<Offset> codePoints, List<Offset> utf16) {
        return new Encoding(ids, tokens, codePoints, utf16, typeIds, specialTokensMask, attentionMask, wordIds,
                sequenceIds, overflowing);
    }

    /** The tokens [from, to) of this encoding, without overflowing windows. */
    public Encoding slice(int from, int to) {
        return new Encoding(Arrays.copyOfRange(ids, from, to), List.copyOf(tokens.subList(from, to)),
                ((OffsetList) offsets).slice(from, to), ((OffsetList) offsetsUtf16).slice(from, to),
                Arrays.copyOfRange(typeIds, from, to), Arrays.copyOfRange(specialTokensMask, from, to),
                Arrays.copyOfRange(attentionMask, from, to), Arrays.copyOfRange(wordIds, from, to),
                Arrays.copyOfRange(sequenceIds, from, to), List.of());
    }

    /**
     * Concatenates encodings. With {@code growingOffsets} each encoding's offsets continue after the
     * previous one's last offset. Overflowing windows combine as in the reference: every window of one
     * side is joined with the other side and with each of its windows.
     */
    public static Encoding merge(List<Encoding> encodings, boolean growingOffsets) {
        boolean anyOverflowing = false;
        for (Encoding e : encodings) {
            anyOverflowing |= !e.overflowing.isEmpty();
        }
        if (!anyOverflowing && !growingOffsets) {
            return concatAll(encodings);
        }
        Encoding result = EMPTY;
        for (Encoding e : encodings) {
            result = result.mergeWith(e, growingOffsets);
        }
        return result;
    }

    /** One-pass concatenation, what pairwise merging gives when there are no windows to combine. */
    private static Encoding concatAll(List<Encoding> encodings) {
        if (encodings.size() == 1) {
            return encodings.getFirst();
        }
        int n = 0;
        for (Encoding e : encodings) {
            n += e.length();
        }
        int[] ids = new int[n];
        int[] types = new int[n];
        int[] special = new int[n];
        int[] attention = new int[n];
        int[] words = new int[n];
        int[] sequences = new int[n];
        String[] tokens = new String[n];
        OffsetList offsets = OffsetList.EMPTY;
        OffsetList offsets16 = OffsetList.EMPTY;
        int at = 0;
        for (Encoding e : encodings) {
            int k = e.length();
            System.arraycopy(e.ids, 0, ids, at, k);
            System.arraycopy(e.typeIds, 0, types, at, k);
            System.arraycopy(e.specialTokensMask, 0, special, at, k);
            System.arraycopy(e.attentionMask, 0, attention, at, k);
            System.arraycopy(e.wordIds, 0, words, at, k);
            System.arraycopy(e.sequenceIds, 0, sequences, at, k);
            for (int i = 0; i < k; i++) {
                tokens[at + i] = e.tokens.get(i);
            }
            offsets = offsets.concat((OffsetList) e.offsets, 0);
            offsets16 = offsets16.concat((OffsetList) e.offsetsUtf16, 0);
            at += k;
        }
        return new Encoding(ids, List.of(tokens), offsets, offsets16, types, special, attention, words, sequences,
                List.of());
    }

    /** This encoding followed by {@code pair}; see {@link #merge}. */
    public Encoding mergeWith(Encoding pair, boolean growingOffsets) {
        List<Encoding> windows = new ArrayList<>();
        for (Encoding mine : overflowing) {
            windows.add(mine.mergeWith(pair, growingOffsets));
            for (Encoding theirs : pair.overflowing) {
                windows.add(mine.mergeWith(theirs, growingOffsets));
            }
        }
        for (Encoding theirs : pair.overflowing) {
            windows.add(this.mergeWith(theirs, growingOffsets));
        }
        int shift = growingOffsets && !offsets.isEmpty() ? offsets.getLast().end() : 0;
        int shift16 = growingOffsets && !offsetsUtf16.isEmpty() ? offsetsUtf16.getLast().end() : 0;
        return new Encoding(concat(ids, pair.ids), concat(tokens, pair.tokens),
                ((OffsetList) offsets).concat((OffsetList) pair.offsets, shift),
                ((OffsetList) offsetsUtf16).concat((OffsetList) pair.offsetsUtf16, shift16),
                concat(typeIds, pair.typeIds), concat(specialTokensMask, pair.specialTokensMask),
                concat(attentionMask, pair.attentionMask), concat(wordIds, pair.wordIds),
                concat(sequenceIds, pair.sequenceIds), windows);
    }

    /**
     * Keeps at most {@code maxLength} tokens; the rest becomes overflowing windows of {@code maxLength}
     * tokens that overlap by {@code stride}. With {@code maxLength} 0 everything overflows.
     */
    public Encoding truncate(int maxLength, int stride, TruncationParams.Direction direction) {
        int n = ids.length;
        if (maxLength >= n) {
            return this;
        }
        if (maxLength == 0) {
            return EMPTY.withOverflowing(List.of(this));
        }
        if (stride >= maxLength) {
            throw new dev.gatun.tensor.GatunException("truncation: stride " + stride + " must be smaller than the"
                    + " length " + maxLength + " left after special tokens");
        }
        int step = maxLength - stride;
        List<int[]> parts = new ArrayList<>();
        if (direction == TruncationParams.Direction.RIGHT) {
            for (int start = 0; start < n; start += step) {
                int stop = Math.min(start + maxLength, n);
                parts.add(new int[] {start, stop});
                if (stop == n) {
                    break;
                }
            }
        } else {
            for (int stop = n; stop > 0; stop -= step) {
                int start = Math.max(0, stop - maxLength);
                parts.add(new int[] {start, stop});
                if (start == 0) {
                    break;
                }
            }
        }
        List<Encoding> windows = new ArrayList<>(parts.size() - 1);
        for (int i = 1; i < parts.size(); i++) {
            windows.add(slice(parts.get(i)[0], parts.get(i)[1]));
        }
        return slice(parts.getFirst()[0], parts.getFirst()[1]).withOverflowing(windows);
    }

    /** Pads to {@code length} tokens (and each overflowing window too); longer encodings are unchanged. */
    public Encoding pad(int length, PaddingParams params) {
        List<Encoding> windows = new ArrayList<>(overflowing.size());
        for (Encoding w : overflowing) {
            windows.add(w.pad(length, params));
        }
        int n = ids.length;
        if (n >= length) {
            return windows.equals(overflowing) ? this : withOverflowing(windows);
        }
        int pad = length - n;
        boolean left = params.direction() == PaddingParams.Direction.LEFT;
        int from = left ? pad : 0;
        int padFrom = left ? 0 : n;
        int[] newIds = place(ids, length, from, padFrom, pad, params.padId());
        int[] newTypes = place(typeIds, length, from, padFrom, pad, params.padTypeId());
        int[] newSpecial = place(specialTokensMask, length, from, padFrom, pad, 1);
        int[] newAttention = place(attentionMask, length, from, padFrom, pad, 0);
        int[] newWords = place(wordIds, length, from, padFrom, pad, -1);
        int[] newSequences = place(sequenceIds, length, from, padFrom, pad, -1);
        List<String> newTokens = new ArrayList<>(length);
        List<String> pads = java.util.Collections.nCopies(pad, params.padToken());
        newTokens.addAll(left ? pads : tokens);
        newTokens.addAll(left ? tokens : pads);
        return new Encoding(newIds, newTokens, ((OffsetList) offsets).pad(pad, left),
                ((OffsetList) offsetsUtf16).pad(pad, left), newTypes, newSpecial, newAttention, newWords, newSequences,
                windows);
    }

    private static int[] place(int[] values, int length, int from, int padFrom, int pad, int padValue) {
        int[] out = new int[length];
        System.arraycopy(values, 0, out, from, values.length);
        Arrays.fill(out, padFrom, padFrom + pad, padValue);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        if (b.length == 0) {
            return a;
        }
        if (a.length == 0) {
            return b;
        }
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<T> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Encoding e && Arrays.equals(ids, e.ids) && tokens.equals(e.tokens)
                && offsets.equals(e.offsets) && offsetsUtf16.equals(e.offsetsUtf16) && Arrays.equals(typeIds, e.typeIds)
                && Arrays.equals(specialTokensMask, e.specialTokensMask) && Arrays.equals(attentionMask, e.attentionMask)
                && Arrays.equals(wordIds, e.wordIds) && Arrays.equals(sequenceIds, e.sequenceIds)
                && overflowing.equals(e.overflowing);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(ids) * 31 + tokens.hashCode();
    }

    @Override
    public String toString() {
        return "Encoding[ids=" + Arrays.toString(ids) + ", tokens=" + tokens + ", offsets=" + offsets
                + ", typeIds=" + Arrays.toString(typeIds) + ", wordIds=" + Arrays.toString(wordIds)
                + (overflowing.isEmpty() ? "" : ", overflowing=" + overflowing.size()) + "]";
    }
}
