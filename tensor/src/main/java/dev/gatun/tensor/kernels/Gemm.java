package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;

/** Matrix products of the pure-Java backend. */
public final class Gemm {
    private Gemm() {
    }

    public static void run(GemmSpec s) {
        for (int bi = 0; bi < s.batch(); bi++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    double acc = 0;
                    for (int p = 0; p < s.k(); p++) {
                        double x = s.aType().getDouble(s.a(), (s.aOffset() + bi * s.aBatchStride() + i * s.aRowStride() + p * s.aColStride()) * s.aType().byteSize());
                        double y = s.bType().getDouble(s.b(), (s.bOffset() + bi * s.bBatchStride() + p * s.bRowStride() + j * s.bColStride()) * s.bType().byteSize());
                        acc += x * y;
                    }
                    long at = (s.cOffset() + bi * s.cBatchStride() + i * s.cRowStride() + j) * s.cType().byteSize();
                    if (s.accumulate()) {
                        acc += s.cType().getDouble(s.c(), at);
                    }
                    s.cType().setDouble(s.c(), at, acc);
                }
            }
        }
    }
}
