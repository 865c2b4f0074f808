package dev.gatun.tensor.kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The all-F64 gemm: plain loops in double precision, for gradient checks and other places where accuracy
 * matters and speed does not. Each row of C is accumulated in a heap array with the {@code i-p-j} loop
 * order, so B is read along its rows; it runs on the calling thread.
 */
final class GemmF64 {

    private static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private GemmF64() {
    }

    /** Runs an all-F64 spec with {@code m, n, k > 0}. */
    static void run(GemmSpec s) {
        double[] row = new double[s.n()];
        MemorySegment a = s.a();
        MemorySegment b = s.b();
        MemorySegment c = s.c();
        for (int bi = 0; bi < s.batch(); bi++) {
            long aBase = s.aOffset() + bi * s.aBatchStride();
            long bBase = s.bOffset() + bi * s.bBatchStride();
            long cBase = s.cOffset() + bi * s.cBatchStride();
            for (int i = 0; i < s.m(); i++) {
                long cRow = cBase + i * s.cRowStride();
                for (int j = 0; j < s.n(); j++) {
                    row[j] = s.accumulate() ? c.get(DOUBLE, 8 * (cRow + j)) : 0.0;
                }
                long aRow = aBase + i * s.aRowStride();
                for (int p = 0; p < s.k(); p++) {
                    double av = a.get(DOUBLE, 8 * (aRow + p * s.aColStride()));
                    long bRow = bBase + p * s.bRowStride();
                    for (int j = 0; j < s.n(); j++) {
                        row[j] += av * b.get(DOUBLE, 8 * (bRow + j * s.bColStride()));
                    }
                }
                for (int j = 0; j < s.n(); j++) {
                    c.set(DOUBLE, 8 * (cRow + j), row[j]);
                }
            }
        }
    }
}
