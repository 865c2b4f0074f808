package dev.gatun.tokenizers;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An immutable list of offsets stored as two int arrays, so encodings do not hold an object per
 * token and concatenating them is an array copy. {@link Offset}s are made on access.
 */
final class OffsetList extends AbstractList<Offset> implements RandomAccess {
    static final OffsetList EMPTY = new OffsetList(new int[0], new int[0]);

    private final int[] starts;
    private final int[] ends;

    /** Takes ownership of the arrays, which must have equal lengths. */
    OffsetList(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** {@code n} empty (0, 0) offsets. */
    static OffsetList none(int n) {
        return new OffsetList(new int[n], new int[n]);
    }

    /** The offsets of {@code list}, without copying when it is already an {@code OffsetList}. */
    static OffsetList of(List<Offset> list) {
        if (list instanceof OffsetList o) {
            return o;
        }
        int[] s = new int[list.size()];
        int[] e = new int[list.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = list.get(i).start();
            e[i] = list.get(i).end();
        }
        return new OffsetList(s, e);
    }

    @Override
    public Offset get(int index) {
        return new Offset(starts[index], ends[index]);
    }

    @Override
    public int size() {
        return starts.length;
    }

    int start(int i) {
        return starts[i];
    }

    int end(int i) {
        return ends[i];
    }

    /** The offsets [from, to). */
    OffsetList slice(int from, int to) {
        return new OffsetList(Arrays.copyOfRange(starts, from, to), Arrays.copyOfRange(ends, from, to));
    }

    /** These offsets followed by {@code other}'s moved right by {@code shift}. */
    OffsetList concat(OffsetList other, int shift) {
        if (other.size() == 0) {
            return this;
        }
        if (size() == 0 && shift == 0) {
            return other;
        }
        int n = size();
        int[] s = Arrays.copyOf(starts, n + other.size());
        int[] e = Arrays.copyOf(ends, n + other.size());
        for (int i = 0; i < other.size(); i++) {
            s[n + i] = other.starts[i] + shift;
            e[n + i] = other.ends[i] + shift;
        }
        return new OffsetList(s, e);
    }

    /** These offsets with {@code n} (0, 0) offsets before ({@code left}) or after them. */
    OffsetList pad(int n, boolean left) {
        int[] s = new int[size() + n];
        int[] e = new int[size() + n];
        System.arraycopy(starts, 0, s, left ? n : 0, size());
        System.arraycopy(ends, 0, e, left ? n : 0, size());
        return new OffsetList(s, e);
    }
}
