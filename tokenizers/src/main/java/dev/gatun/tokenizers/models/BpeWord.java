package dev.gatun.tokenizers.models;

import java.util.Arrays;

/**
 * One word during BPE: a doubly linked list of symbols that {@link #mergeAll} merges pair by pair,
 * always applying the lowest-ranked merge present and, among equal ranks, the leftmost.
 *
 * <p>Each symbol remembers its length both in UTF-8 bytes and in UTF-16 units. Offsets are accumulated
 * from those lengths, like the reference does with byte lengths: byte-fallback tokens are one byte long
 * and a character without any token adds nothing, so positions are only exact in bytes then.
 */
final class BpeWord {
    private int[] ids;
    private int[] bytes;
    private int[] units;
    private int[] prev;
    private int[] next;
    private int size;

    BpeWord(int capacity) {
        int n = Math.max(4, capacity);
        ids = new int[n];
        bytes = new int[n];
        units = new int[n];
        prev = new int[n];
        next = new int[n];
    }

    /** Appends a symbol. */
    void add(int id, int byteLength, int unitLength) {
        if (size == ids.length) {
            int n = size * 2;
            ids = Arrays.copyOf(ids, n);
            bytes = Arrays.copyOf(bytes, n);
            units = Arrays.copyOf(units, n);
            prev = Arrays.copyOf(prev, n);
            next = Arrays.copyOf(next, n);
        }
        if (size > 0) {
            next[size - 1] = size;
        }
        ids[size] = id;
        bytes[size] = byteLength;
        units[size] = unitLength;
        prev[size] = size - 1;
        next[size] = -1;
        size++;
    }

    /** Applies merges until none applies; {@code merges} maps a pair to its rank, {@code results} a rank to the merged id. */
    void mergeAll(LongIntMap merges, int[] results) {
        LongHeap queue = new LongHeap(size);
        for (int i = 0; i + 1 < size; i++) {
            int rank = merges.get(pair(ids[i], ids[i + 1]));
            if (rank >= 0) {
                queue.push(entry(rank, i));
            }
        }
        while (!queue.isEmpty()) {
            long top = queue.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            if (bytes[pos] == 0 || next[pos] == -1) {
                continue; // merged away, or nothing to its right any more
            }
            int right = next[pos];
            int currentRank = merges.get(pair(ids[pos], ids[right]));
            if (currentRank < 0 || results[currentRank] != results[rank]) {
                continue; // the pair changed since this entry was queued
            }
            ids[pos] = results[rank];
            bytes[pos] += bytes[right];
            units[pos] += units[right];
            next[pos] = next[right];
            bytes[right] = 0;
            if (next[right] >= 0) {
                prev[next[right]] = pos;
            }
            if (prev[pos] >= 0) {
                int r = merges.get(pair(ids[prev[pos]], ids[pos]));
                if (r >= 0) {
                    queue.push(entry(r, prev[pos]));
                }
            }
            if (next[pos] >= 0) {
                int r = merges.get(pair(ids[pos], ids[next[pos]]));
                if (r >= 0) {
                    queue.push(entry(r, pos));
                }
            }
        }
    }

    /** The number of live symbols after merging. */
    int count() {
        int n = 0;
        for (int i = 0; i < size; i++) {
            if (bytes[i] != 0) {
                n++;
            }
        }
        return n;
    }

    int size() {
        return size;
    }

    boolean alive(int i) {
        return bytes[i] != 0;
    }

    int id(int i) {
        return ids[i];
    }

    int byteLength(int i) {
        return bytes[i];
    }

    int unitLength(int i) {
        return units[i];
    }

    static long pair(int a, int b) {
        return ((long) a << 32) | (b & 0xFFFFFFFFL);
    }

    private static long entry(int rank, int pos) {
        return ((long) rank << 32) | pos;
    }

    /** A binary min-heap of longs: (rank, position) pairs ordered by rank, then position. */
    private static final class LongHeap {
        private long[] heap;
        private int n;

        LongHeap(int capacity) {
            heap = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return n == 0;
        }

        void push(long v) {
            if (n == heap.length) {
                heap = Arrays.copyOf(heap, n * 2);
            }
            int i = n++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= v) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = v;
        }

        long pop() {
            long top = heap[0];
            long last = heap[--n];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= n) {
                    break;
                }
                if (child + 1 < n && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (heap[child] >= last) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return top;
        }
    }
}
