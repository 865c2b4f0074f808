package dev.gatun.tensor.kernels;

/**
 * The textbook triple loop for a {@link GemmSpec}, the readable definition every fast path is tested
 * against: each element of C is the dot product of a row of A and a column of B, summed in double
 * precision and rounded once to C's type.
 *
 * <p>It reads elements through {@link dev.gatun.tensor.DType#getDouble}, so it handles every supported
 * dtype and stride the same way; it is slow and meant for tests and parity checks only.
 */
public final class GemmReference {

    private GemmReference() {
    }

    /** Computes {@code spec} into its C, exactly as {@link Gemm#run} specifies. */
    public static void run(GemmSpec s) {
        long aSize = s.aType().byteSize();
        long bSize = s.bType().byteSize();
        long cSize = s.cType().byteSize();
        for (int bi = 0; bi < s.batch(); bi++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    long cAt = cSize * (s.cOffset() + bi * s.cBatchStride() + i * s.cRowStride() + j);
                    double sum = s.accumulate() ? s.cType().getDouble(s.c(), cAt) : 0.0;
                    for (int p = 0; p < s.k(); p++) {
                        long aAt = aSize * (s.aOffset() + bi * s.aBatchStride() + i * s.aRowStride() + p * s.aColStride());
                        long bAt = bSize * (s.bOffset() + bi * s.bBatchStride() + p * s.bRowStride() + j * s.bColStride());
                        sum += s.aType().getDouble(s.a(), aAt) * s.bType().getDouble(s.b(), bAt);
                    }
                    s.cType().setDouble(s.c(), cAt, sum);
                }
            }
        }
    }
}
