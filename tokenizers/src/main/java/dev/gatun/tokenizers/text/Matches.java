package dev.gatun.tokenizers.text;

import java.util.Arrays;

/** A growable list of (start, end, isMatch) pieces produced by {@link TextPattern#findMatches}. */
public final class Matches {
    private int[] bounds;
    private boolean[] matched;
    private int size;

    /** An empty list with room for {@code capacity} pieces. */
    public Matches(int capacity) {
        bounds = new int[2 * Math.max(1, capacity)];
        matched = new boolean[Math.max(1, capacity)];
    }

    /** Appends a piece. */
    public void add(int start, int end, boolean isMatch) {
        if (size == matched.length) {
            bounds = Arrays.copyOf(bounds, bounds.length * 2);
            matched = Arrays.copyOf(matched, matched.length * 2);
        }
        bounds[2 * size] = start;
        bounds[2 * size + 1] = end;
        matched[size] = isMatch;
        size++;
    }

    /** The number of pieces. */
    public int size() {
        return size;
    }

    /** The start of piece {@code i}. */
    public int start(int i) {
        return bounds[2 * i];
    }

    /** The end of piece {@code i}. */
    public int end(int i) {
        return bounds[2 * i + 1];
    }

    /** Whether piece {@code i} matched the pattern. */
    public boolean isMatch(int i) {
        return matched[i];
    }

    void setStart(int i, int start) {
        bounds[2 * i] = start;
    }

    void setEnd(int i, int end) {
        bounds[2 * i + 1] = end;
    }

    void invert() {
        for (int i = 0; i < size; i++) {
            matched[i] = !matched[i];
        }
    }
}
