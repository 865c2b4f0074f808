package dev.gatun.tokenizers.unicode;

import java.util.Arrays;

/**
 * A growable list of (code point, change) pairs describing how a string is rewritten, the input of
 * {@code NormalizedString.transform}.
 *
 * <p>Each pair emits one code point. Its change says how it relates to the characters being replaced:
 * {@code 0} replaces the next character, {@code 1} is inserted (it takes the alignment of the character
 * before it), and {@code -n} replaces the next character and removes the {@code n} following ones.
 * This is the alignment protocol of the reference implementation, kept as is so offsets agree.
 */
public final class CharEdits {
    private int[] codePoints;
    private int[] changes;
    private int size;

    /** An empty list with room for {@code capacity} pairs. */
    public CharEdits(int capacity) {
        codePoints = new int[Math.max(4, capacity)];
        changes = new int[codePoints.length];
    }

    /** Appends one pair. */
    public void add(int codePoint, int change) {
        if (size == codePoints.length) {
            codePoints = Arrays.copyOf(codePoints, size * 2);
            changes = Arrays.copyOf(changes, size * 2);
        }
        codePoints[size] = codePoint;
        changes[size] = change;
        size++;
    }

    /** The number of pairs. */
    public int size() {
        return size;
    }

    /** The code point of pair {@code i}. */
    public int codePoint(int i) {
        return codePoints[i];
    }

    /** The change of pair {@code i}. */
    public int change(int i) {
        return changes[i];
    }

    /** Replaces the change of pair {@code i}. */
    public void setChange(int i, int change) {
        changes[i] = change;
    }

    /** Replaces pair {@code i}. */
    public void setEdit(int i, int codePoint, int change) {
        codePoints[i] = codePoint;
        changes[i] = change;
    }

    /** Removes all pairs. */
    public void clear() {
        size = 0;
    }
}
