package dev.gatun.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The strided iteration under every kernel: each element of the shape visited once, at the right offsets. */
class StridedLoopTest {

    /** Offsets of every element per operand, enumerated from the definition: offset + sum(index * stride). */
    private static List<String> expected(int[] shape, long[][] strides, long[] offsets) {
        List<String> out = new ArrayList<>();
        long total = 1;
        for (int s : shape) {
            total *= s;
        }
        int[] index = new int[shape.length];
        for (long e = 0; e < total; e++) {
            long rem = e;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = (int) (rem % shape[d]);
                rem /= shape[d];
            }
            long[] at = new long[offsets.length];
            for (int o = 0; o < offsets.length; o++) {
                at[o] = offsets[o];
                for (int d = 0; d < shape.length; d++) {
                    at[o] += index[d] * strides[o][d];
                }
            }
            out.add(Arrays.toString(at));
        }
        out.sort(null);
        return out;
    }

    private static List<String> visited(int[] shape, long[][] strides, long[] offsets, long grain) {
        ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
        StridedLoop.run(shape, strides, offsets, grain, (off, count, steps) -> {
            for (long i = 0; i < count; i++) {
                long[] at = new long[off.length];
                for (int o = 0; o < off.length; o++) {
                    at[o] = off[o] + i * steps[o];
                }
                seen.add(Arrays.toString(at));
            }
        });
        List<String> out = new ArrayList<>(seen);
        out.sort(null);
        return out;
    }

    @Test
    void everyElementIsVisitedOnceAtItsOffsets() {
        Random rng = new Random(1);
        for (int trial = 0; trial < 300; trial++) {
            int rank = rng.nextInt(5);
            int[] shape = new int[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = rng.nextInt(6) == 0 ? 1 : 1 + rng.nextInt(7);
            }
            int ops = 1 + rng.nextInt(3);
            long[][] strides = new long[ops][rank];
            long[] offsets = new long[ops];
            for (int o = 0; o < ops; o++) {
                offsets[o] = rng.nextInt(100);
                long step = 4;
                for (int d = rank - 1; d >= 0; d--) {
                    // contiguous, broadcast (0), padded or permuted-looking strides
                    strides[o][d] = switch (rng.nextInt(4)) {
                        case 0 -> 0;
                        case 1 -> step * 3;
                        default -> step;
                    };
                    step *= shape[d];
                }
                if (rank > 1 && rng.nextBoolean()) {
                    long t = strides[o][0];
                    strides[o][0] = strides[o][rank - 1];
                    strides[o][rank - 1] = t;
                }
            }
            long grain = rng.nextBoolean() ? 1 : 1 << 15;
            assertEquals(expected(shape, strides, offsets), visited(shape, strides, offsets, grain),
                    "shape " + Arrays.toString(shape) + " strides " + Arrays.deepToString(strides));
        }
    }

    @Test
    void contiguousDimensionsMergeIntoOneRow() {
        int[] shape = {4, 5, 6};
        long[][] strides = {{120, 24, 4}, {240, 48, 8}};
        List<Long> rows = new ArrayList<>();
        StridedLoop.run(shape, strides, new long[] {0, 0}, 1 << 15, (off, count, steps) -> rows.add(count));
        assertEquals(List.of(120L), rows, "a contiguous iteration is one row");
        List<Long> broadcastRows = new ArrayList<>();
        StridedLoop.run(shape, new long[][] {{120, 24, 4}, {0, 0, 4}}, new long[] {0, 0}, 1 << 15,
                (off, count, steps) -> broadcastRows.add(count));
        assertEquals(20, broadcastRows.size(), "a broadcast operand breaks the merge");
        assertTrue(broadcastRows.stream().allMatch(c -> c == 6));
    }

    @Test
    void scalarsAndEmptyShapes() {
        assertEquals(List.of("[8, 16]"), visited(new int[0], new long[][] {{}, {}}, new long[] {8, 16}, 1));
        assertEquals(List.of(), visited(new int[] {3, 0, 2}, new long[][] {{8, 8, 4}}, new long[] {0}, 1));
        assertEquals(List.of("[12]"), visited(new int[] {1, 1}, new long[][] {{40, 4}}, new long[] {12}, 1));
    }
}
