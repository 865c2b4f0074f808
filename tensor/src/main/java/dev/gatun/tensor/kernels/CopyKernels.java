package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import java.lang.foreign.MemorySegment;

/** Row kernels that copy (and convert) elements from operand 0 to operand 1. */
public final class CopyKernels {
    private CopyKernels() {
    }

    public static StridedLoop.RowKernel copy(DType st, MemorySegment src, DType dt, MemorySegment dst) {
        int size = st.byteSize();
        boolean exact = !st.isFloatingPoint() && !dt.isFloatingPoint();
        if (st == dt) {
            return (off, n, steps) -> {
                if (steps[0] == size && steps[1] == size) {
                    MemorySegment.copy(src, off[0], dst, off[1], n * size);
                } else if (size == 4) {
                    for (long i = 0; i < n; i++) {
                        dst.set(DTypeLayouts.INT, off[1] + i * steps[1], src.get(DTypeLayouts.INT, off[0] + i * steps[0]));
                    }
                } else {
                    for (long i = 0; i < n; i++) {
                        MemorySegment.copy(src, off[0] + i * steps[0], dst, off[1] + i * steps[1], size);
                    }
                }
            };
        }
        return (off, n, steps) -> {
            for (long i = 0; i < n; i++) {
                if (exact) {
                    dt.setLong(dst, off[1] + i * steps[1], st.getLong(src, off[0] + i * steps[0]));
                } else {
                    dt.setDouble(dst, off[1] + i * steps[1], st.getDouble(src, off[0] + i * steps[0]));
                }
            }
        };
    }
}
