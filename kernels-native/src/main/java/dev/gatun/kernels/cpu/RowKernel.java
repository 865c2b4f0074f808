package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;

/** What the row-wise kernels (softmax, norms, activations) ask of their operands before a native call. */
final class RowKernel {
    private RowKernel() {
    }

    /**
     * Whether x and out are F32 native memory seen as (rows, cols), out's elements are distinct, and out
     * either is x (in place) or does not overlap it or any of {@code params}.
     */
    static boolean supports(Tensor x, Tensor out, Tensor... params) {
        if (Rows.of(x) == null || Rows.of(out) == null) {
            return false;
        }
        Operand xo = Operand.of("x", x);
        Operand oo = Operand.of("out", out);
        if (!xo.usableAs(DType.F32) || !oo.usableAs(DType.F32) || !oo.hasDistinctElements()) {
            return false;
        }
        if (!oo.sameView(xo) && oo.overlaps(xo)) {
            return false;
        }
        for (Tensor t : params) {
            if (t != null) {
                Operand po = Operand.of("parameter", t);
                if (!po.usableAs(DType.F32) || po.overlaps(oo)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Bounds checks of every operand; out (the first of {@code outputs}) must be writable. */
    static void checkBounds(String kernel, Tensor x, Tensor out, Tensor... params) {
        Operand.of("x", x).checkBounds(kernel, false);
        Operand.of("out", out).checkBounds(kernel, true);
        for (Tensor t : params) {
            if (t != null) {
                Operand.of("parameter", t).checkBounds(kernel, false);
            }
        }
    }

    static java.lang.foreign.MemorySegment address(Tensor t) {
        return t == null ? java.lang.foreign.MemorySegment.NULL : Operand.of("", t).address();
    }

    static long stride(Tensor t) {
        return t == null ? 0 : t.strides()[0];
    }
}
