package dev.gatun.tensor.kernels;

import java.lang.foreign.MemorySegment;

/**
 * Batched matrix multiplication, {@code C[b] = A[b] · B[b] (+ C[b])}, for every layout a
 * {@link GemmSpec} can describe. The hottest kernel of the engine: Linear layers, attention scores and
 * attention-weighted values all come here.
 *
 * <p>Which path runs:
 * <ul>
 *   <li>all-F64 specs: plain double-precision loops ({@link GemmF64});</li>
 *   <li>C with at most {@link Gemv#MAX_ROWS} rows or columns: matrix–vector products that stream the
 *       larger operand straight from its segment, bandwidth-bound ({@link Gemv});</li>
 *   <li>everything else: packed, cache-blocked panels around a register-blocked micro-kernel
 *       ({@link PackedGemm}), the GotoBLAS/BLIS design
 *       (<a href="https://www.cs.utexas.edu/~flame/pubs/blis3_ipdps14.pdf">Van Zee et al., 2014</a>).</li>
 * </ul>
 * Work is shared out on {@link Parallel}'s threads; results do not depend on the number of threads
 * beyond float rounding order, which is fixed for a given shape.
 *
 * <p>{@code k = 0} makes C zero, or leaves it unchanged when accumulating.
 *
 * {@snippet :
 * // y (1×out) = x (1×in) · Wᵀ, with W a row-major (out×in) BF16 weight
 * Gemm.run(GemmSpec.rowMajor(1, out, in, DType.F32, x, DType.BF16, w, true, y));
 * }
 */
public final class Gemm {

    private Gemm() {
    }

    /** Computes the product {@code spec} describes into its C. */
    public static void run(GemmSpec spec) {
        if (spec.batch() == 0 || spec.m() == 0 || spec.n() == 0) {
            return;
        }
        if (spec.k() == 0) {
            if (!spec.accumulate()) {
                zeroC(spec);
            }
            return;
        }
        if (spec.isF64()) {
            GemmF64.run(spec);
        } else if (Gemv.applies(spec)) {
            Gemv.run(spec);
        } else {
            PackedGemm.run(spec);
        }
    }

    private static void zeroC(GemmSpec s) {
        long size = s.cType().byteSize();
        MemorySegment c = s.c();
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.m(); i++) {
                long row = s.cOffset() + b * s.cBatchStride() + i * s.cRowStride();
                c.asSlice(size * row, size * s.n()).fill((byte) 0);
            }
        }
    }

    /**
     * How many parts each batch entry is cut into so that {@code batch · parts} tasks share out evenly
     * over {@code threads}: none when the batch alone divides evenly or is large enough for the remainder
     * not to matter, else one per thread, but never more than the {@code units} (micro-panels, column
     * groups) there are to cut.
     */
    static int partsPerBatch(int batch, int threads, int units) {
        if (batch % threads == 0 || batch >= 64 * threads) {
            return 1;
        }
        return Math.max(1, Math.min(threads, units));
    }

    /** First unit of part {@code part} when {@code units} are cut into {@code parts} nearly equal parts. */
    static int partStart(int part, int parts, int units) {
        return (int) ((long) part * units / parts);
    }
}
