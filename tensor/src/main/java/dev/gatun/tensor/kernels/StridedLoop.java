package dev.gatun.tensor.kernels;

/**
 * Iterates several operands of one shape together, one innermost row at a time.
 *
 * <p>Operand strides are given in bytes, already broadcast to the iteration shape (stride 0 where an
 * operand is broadcast). Dimensions of size 1 are dropped and neighbouring dimensions that every operand
 * steps through contiguously are merged, so a contiguous tensor becomes a single long row whatever its
 * rank. Rows are spread over {@link Parallel}'s threads.
 */
public final class StridedLoop {

    /** Processes {@code count} elements; operand {@code i} starts at {@code offsets[i]} and steps {@code steps[i]} bytes. */
    @FunctionalInterface
    public interface RowKernel {
        void row(long[] offsets, long count, long[] steps);
    }

    private StridedLoop() {
    }

    /**
     * Runs {@code kernel} over every row of {@code shape}.
     *
     * @param shape   iteration shape
     * @param strides {@code strides[op][dim]} in bytes
     * @param offsets byte offset of each operand's first element
     * @param grain   elements below which work stays on one thread
     */
    public static void run(int[] shape, long[][] strides, long[] offsets, long grain, RowKernel kernel) {
        int ops = offsets.length;
        int rank = shape.length;
        long total = 1;
        for (int s : shape) {
            total *= s;
        }
        if (total == 0) {
            return;
        }
        // Collapse: keep dims of size > 1, merging a dim into the next when contiguous for all operands.
        int[] dims = new int[Math.max(rank, 1)];
        long[][] st = new long[ops][Math.max(rank, 1)];
        int n = 0;
        for (int d = 0; d < rank; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (n > 0 && mergeable(strides, d, st, n - 1, shape[d], ops)) {
                dims[n - 1] *= shape[d];
                for (int o = 0; o < ops; o++) {
                    st[o][n - 1] = strides[o][d];
                }
                continue;
            }
            dims[n] = shape[d];
            for (int o = 0; o < ops; o++) {
                st[o][n] = strides[o][d];
            }
            n++;
        }
        if (n == 0) {
            dims[0] = 1;
            n = 1;
        }
        final int outer = n - 1;
        final long inner = dims[outer];
        final long[] innerSteps = new long[ops];
        for (int o = 0; o < ops; o++) {
            innerSteps[o] = st[o][outer];
        }
        long rows = total / inner;
        int threads = Parallel.threads();
        long pieces = Math.min(threads, inner / Math.max(1, grain));
        if (rows < threads && pieces > 1) {
            // Few long rows (a large contiguous tensor is one row): split each row into pieces instead.
            long pieceLength = Math.ceilDiv(inner, pieces);
            Parallel.forRange(rows * pieces, 1, (start, end) -> {
                long[] off = new long[ops];
                for (long u = start; u < end; u++) {
                    long row = u / pieces;
                    long from = (u % pieces) * pieceLength;
                    long count = Math.min(pieceLength, inner - from);
                    if (count <= 0) {
                        continue;
                    }
                    rowOffsets(row, outer, dims, st, offsets, off);
                    for (int o = 0; o < ops; o++) {
                        off[o] += from * innerSteps[o];
                    }
                    kernel.row(off, count, innerSteps);
                }
            });
            return;
        }
        long rowGrain = Math.max(1, grain / inner);
        Parallel.forRange(rows, rowGrain, (start, end) -> {
            long[] idx = new long[Math.max(outer, 1)];
            long[] off = new long[ops];
            long rem = start;
            for (int d = outer - 1; d >= 0; d--) {
                idx[d] = rem % dims[d];
                rem /= dims[d];
            }
            for (long r = start; r < end; r++) {
                for (int o = 0; o < ops; o++) {
                    long p = offsets[o];
                    for (int d = 0; d < outer; d++) {
                        p += idx[d] * st[o][d];
                    }
                    off[o] = p;
                }
                kernel.row(off, inner, innerSteps);
                for (int d = outer - 1; d >= 0; d--) {
                    if (++idx[d] < dims[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
        });
    }

    /** Byte offsets of each operand's first element in row {@code row} of the collapsed outer dimensions. */
    private static void rowOffsets(long row, int outer, int[] dims, long[][] st, long[] offsets, long[] off) {
        for (int o = 0; o < off.length; o++) {
            off[o] = offsets[o];
        }
        long rem = row;
        for (int d = outer - 1; d >= 0; d--) {
            long i = rem % dims[d];
            rem /= dims[d];
            for (int o = 0; o < off.length; o++) {
                off[o] += i * st[o][d];
            }
        }
    }

    private static boolean mergeable(long[][] strides, int d, long[][] st, int prev, int size, int ops) {
        for (int o = 0; o < ops; o++) {
            if (st[o][prev] != strides[o][d] * size) {
                return false;
            }
        }
        return true;
    }
}
