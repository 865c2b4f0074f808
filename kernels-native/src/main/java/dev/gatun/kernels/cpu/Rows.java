package dev.gatun.kernels.cpu;

import dev.gatun.tensor.Tensor;

/**
 * A tensor seen as a (rows, cols) matrix, cols being its last dimension: gatun.h's {@code gatun_rows}. The
 * leading dimensions must collapse into one row stride (true of contiguous tensors and of most views);
 * {@link #of} returns null otherwise, and the kernel stays on the Java backend.
 */
record Rows(long rows, long cols, long rowStride, long colStride) {

    static Rows of(Tensor t) {
        int[] shape = t.shape();
        long[] strides = t.strides();
        int n = shape.length;
        if (n == 0) {
            return new Rows(1, 1, 1, 1);
        }
        long rows = 1;
        long rowStride = 0;
        int inner = -1; // innermost leading dimension of size > 1 seen so far
        for (int i = n - 2; i >= 0; i--) {
            rows *= shape[i];
            if (shape[i] == 1) {
                continue;
            }
            if (inner < 0) {
                rowStride = strides[i];
            } else if (strides[i] != strides[inner] * shape[inner]) {
                return null;
            }
            inner = i;
        }
        return new Rows(rows, shape[n - 1], rowStride, strides[n - 1]);
    }

    /** Writes the six {@code gatun_rows} fields for input x and output out of the same shape. */
    static void write(Struct.Writer p, Rows x, Rows out) {
        p.i64("rows", x.rows).i64("cols", x.cols).i64("x_row_stride", x.rowStride).i64("x_col_stride", x.colStride)
                .i64("out_row_stride", out.rowStride).i64("out_col_stride", out.colStride);
    }
}
