package dev.gatun.tokenizers.models;

import java.util.Arrays;

/**
 * An open-addressing hash map from long keys to int values, for the hot lookups of merge pairs and
 * trie edges where boxed {@code HashMap<Long, Integer>} entries would dominate memory and time. Key
 * and value share one slot of a {@code long[]}, so a probe touches one cache line. Keys must not be
 * {@code -1}. Filled once while a model is built; read-only (and so thread-safe) afterwards.
 */
final class LongIntMap {
    private static final long EMPTY = -1L;
    private static final int MISSING = -1;

    /** Slot i holds its key at 2i and its value at 2i + 1. */
    private long[] slots;
    private int size;
    private int mask;
    /** 64 minus log2(capacity): slots are picked by the top bits of a Fibonacci hash. */
    private int shift;

    LongIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
        slots = emptySlots(capacity);
        mask = capacity - 1;
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }

    private static long[] emptySlots(int capacity) {
        long[] s = new long[2 * capacity];
        for (int i = 0; i < s.length; i += 2) {
            s[i] = EMPTY;
        }
        return s;
    }

    /** The value for {@code key}, or -1. */
    int get(long key) {
        int i = slot(key);
        while (true) {
            long k = slots[2 * i];
            if (k == key) {
                return (int) slots[2 * i + 1];
            }
            if (k == EMPTY) {
                return MISSING;
            }
            i = (i + 1) & mask;
        }
    }

    /** Sets {@code key} to {@code value} (a later put of the same key overwrites). */
    void put(long key, int value) {
        if (4 * (size + 1) > 3 * (mask + 1)) {
            grow();
        }
        int i = slot(key);
        while (slots[2 * i] != EMPTY) {
            if (slots[2 * i] == key) {
                slots[2 * i + 1] = value;
                return;
            }
            i = (i + 1) & mask;
        }
        slots[2 * i] = key;
        slots[2 * i + 1] = value;
        size++;
    }

    int size() {
        return size;
    }

    private int slot(long key) {
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    }

    private void grow() {
        long[] old = slots;
        slots = emptySlots(2 * (mask + 1));
        mask = 2 * (mask + 1) - 1;
        shift--;
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != EMPTY) {
                put(old[i], (int) old[i + 1]);
            }
        }
        Arrays.fill(old, 0L);
    }
}
