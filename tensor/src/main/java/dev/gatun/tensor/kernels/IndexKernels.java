package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import java.lang.foreign.MemorySegment;

/**
 * Row kernels for index-driven ops. The data operand is a view whose stride along the indexed dimension
 * is 0, so the element addressed is {@code offset + index * dimStride}.
 */
public final class IndexKernels {
    private IndexKernels() {
    }

    /** {@code out = data[index]}; operands: data view (0), index (1), out (2). */
    public static StridedLoop.RowKernel gather(DType dt, MemorySegment data, long dimStrideBytes, int dimSize,
                                               DType it, MemorySegment index, MemorySegment out) {
        int size = dt.byteSize();
        return (off, n, st) -> {
            for (long i = 0; i < n; i++) {
                long v = checkedIndex(it.getLong(index, off[1] + i * st[1]), dimSize);
                MemorySegment.copy(data, off[0] + i * st[0] + v * dimStrideBytes, out, off[2] + i * st[2], size);
            }
        };
    }

    /** {@code target[index] += src}; operands: target view (0), index (1), src (2). Run single-threaded. */
    public static StridedLoop.RowKernel scatterAdd(DType tt, MemorySegment target, long dimStrideBytes, int dimSize,
                                                   DType it, MemorySegment index, DType srcType, MemorySegment src) {
        boolean exact = !tt.isFloatingPoint() && !srcType.isFloatingPoint();
        return (off, n, st) -> {
            for (long i = 0; i < n; i++) {
                long v = checkedIndex(it.getLong(index, off[1] + i * st[1]), dimSize);
                long at = off[0] + i * st[0] + v * dimStrideBytes;
                if (exact) {
                    tt.setLong(target, at, tt.getLong(target, at) + srcType.getLong(src, off[2] + i * st[2]));
                } else {
                    tt.setDouble(target, at, tt.getDouble(target, at) + srcType.getDouble(src, off[2] + i * st[2]));
                }
            }
        };
    }

    private static long checkedIndex(long v, int dimSize) {
        if (v < 0 || v >= dimSize) {
            throw new GatunException("index " + v + " is out of range for a dimension of size " + dimSize);
        }
        return v;
    }

    /** Prefix sums of contiguous rows in place ({@code reverse}: suffix sums). */
    public static void cumsumRows(DType t, MemorySegment data, long offset, long rows, long len, boolean reverse) {
        int size = t.byteSize();
        boolean exact = !t.isFloatingPoint();
        Parallel.forRange(rows, Math.max(1, 4096 / Math.max(1, len)), (start, end) -> {
            for (long r = start; r < end; r++) {
                long base = (offset + r * len) * size;
                double acc = 0;
                long accLong = 0;
                for (long j = 0; j < len; j++) {
                    long at = base + (reverse ? len - 1 - j : j) * size;
                    if (exact) {
                        accLong += t.getLong(data, at);
                        t.setLong(data, at, accLong);
                    } else {
                        acc += t.getDouble(data, at);
                        t.setDouble(data, at, acc);
                    }
                }
            }
        });
    }
}
