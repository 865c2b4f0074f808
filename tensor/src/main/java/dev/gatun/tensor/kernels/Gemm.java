package dev.gatun.tensor.kernels;

import dev.gatun.tensor.GatunException;

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

    /**
     * Computes {@code spec}'s product plus an optional bias row: {@code C[b] = (accumulate ? C[b] : 0) +
     * A[b] · B + bias}, with B read from {@code packed} (a {@link PackedB} of spec's B, or null to read B
     * from the spec) and {@code bias} n F32 values from byte {@code biasByte} of its segment (or null).
     *
     * <p>With a packing, B is read only from it, never from spec's B, whatever the shape (for one row the
     * product is bandwidth-bound either way, and the panels stream sequentially), so a packing is a true
     * snapshot of B. The bias is added as each tile of C is stored, not in a second pass.
     *
     * @throws GatunException if {@code packed} does not {@linkplain PackedB#fits fit} the spec, or the bias
     *     lies outside its segment or meets an F64 product
     */
    public static void run(GemmSpec spec, PackedB packed, MemorySegment bias, long biasByte) {
        if (packed != null && !packed.fits(spec)) {
            throw new GatunException("gemm: B packed as " + packed.k() + "×" + packed.n() + " does not fit a product with k="
                    + spec.k() + " n=" + spec.n() + (spec.batch() > 1 && spec.bBatchStride() != 0 ? " and a batch of B" : ""));
        }
        if (bias != null && spec.isF64()) {
            throw new GatunException("gemm: a bias is f32 and needs an f32 C");
        }
        if (bias != null && (biasByte < 0 || biasByte + 4L * spec.n() > bias.byteSize())) {
            throw new GatunException("gemm: a bias of " + spec.n() + " f32 values from byte " + biasByte
                    + " does not fit its segment of " + bias.byteSize() + " bytes");
        }
        boolean empty = spec.batch() == 0 || spec.m() == 0 || spec.n() == 0 || spec.k() == 0;
        if (!empty && !spec.isF64() && (packed != null || (bias != null && !Gemv.applies(spec)))) {
            PackedGemm.run(spec, packed, bias, biasByte);
            return;
        }
        run(spec);
        if (bias != null) {
            addBias(spec, bias, biasByte);
        }
    }

    /** {@code C[b][i][:] += bias} for every row, after a product that had no bias epilogue. */
    private static void addBias(GemmSpec s, MemorySegment bias, long biasByte) {
        MemorySegment c = s.c();
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.m(); i++) {
                long row = 4 * (s.cOffset() + b * s.cBatchStride() + i * s.cRowStride());
                for (int j = 0; j < s.n(); j++) {
                    long at = row + 4L * j;
                    c.set(GemmPacking.FLOAT, at, c.get(GemmPacking.FLOAT, at) + bias.get(GemmPacking.FLOAT, biasByte + 4L * j));
                }
            }
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
