package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The F32 gemm for thin shapes, where C has at most {@link #MAX_ROWS} rows (a decoding step: {@code x · Wᵀ})
 * or at most that many columns. Such a product reads each weight once and does a handful of flops with
 * it, so its speed is the memory bandwidth: the weights are streamed straight from their segment (no
 * packing, which would read them twice) and narrow weights are widened in registers.
 *
 * <p>The product is seen as {@code y[r][j] = Σₚ x[r][p] · W[p][j]} for {@code r < rows}: either x = A's
 * rows and W = B, or (when n is small) x = B's columns and W = Aᵀ, writing C transposed. Then by the
 * layout of W:
 * <ul>
 *   <li>contiguous along p (a Linear weight used as Bᵀ): dot products of x with four W columns at a time;</li>
 *   <li>contiguous along j (a row-major B): {@code y += x[r][p] · W[p][j..]} down the rows of W, on a
 *       chunk of {@link #CHUNK} columns of y kept in a heap array;</li>
 *   <li>anything else: each column of W is gathered into an array first.</li>
 * </ul>
 * Threads split the columns j (or take whole batch entries when those divide evenly).
 */
final class Gemv {

    /** The most rows of x (rows or columns of C) this path takes. */
    static final int MAX_ROWS = 4;
    /**
     * Columns of y accumulated at once in the row-major-W case: 16 KiB of y per row (L1 for one row, L2
     * for four), and long enough runs along each row of W for the hardware prefetcher.
     */
    static final int CHUNK = 4096;
    /** Below this many multiply-adds a second thread costs more to wake than it saves. */
    static final long PARALLEL_MIN_MACS = 1L << 18;

    private static final VectorSpecies<Float> F = HalfFloats.F;
    private static final int V = F.length();
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** {@code y[b][r][j] (+)= Σₚ x[b][r][p] · W[b][p][j]}, strides in elements. */
    private record MatVec(int batch, int rows, int n, int k,
                          DType xType, MemorySegment x, long xOffset, long xBatchStride, long xRowStride, long xStride,
                          DType wType, MemorySegment w, long wOffset, long wBatchStride, long wRowStride, long wColStride,
                          MemorySegment y, long yOffset, long yBatchStride, long yRowStride, long yColStride,
                          boolean accumulate) {

        /** x = A's rows, W = B, y = C. */
        static MatVec rowsOf(GemmSpec s) {
            return new MatVec(s.batch(), s.m(), s.n(), s.k(),
                    s.aType(), s.a(), s.aOffset(), s.aBatchStride(), s.aRowStride(), s.aColStride(),
                    s.bType(), s.b(), s.bOffset(), s.bBatchStride(), s.bRowStride(), s.bColStride(),
                    s.c(), s.cOffset(), s.cBatchStride(), s.cRowStride(), 1, s.accumulate());
        }

        /** x = B's columns, W = Aᵀ, y = Cᵀ. */
        static MatVec columnsOf(GemmSpec s) {
            return new MatVec(s.batch(), s.n(), s.m(), s.k(),
                    s.bType(), s.b(), s.bOffset(), s.bBatchStride(), s.bColStride(), s.bRowStride(),
                    s.aType(), s.a(), s.aOffset(), s.aBatchStride(), s.aColStride(), s.aRowStride(),
                    s.c(), s.cOffset(), s.cBatchStride(), 1, s.cRowStride(), s.accumulate());
        }

        /** Element offset of {@code y[b][r][j]}. */
        long yAt(int b, int r, int j) {
            return yOffset + b * yBatchStride + r * yRowStride + j * yColStride;
        }
    }

    private enum Layout { DOT, AXPY, GENERAL }

    /** One thread's scratch arrays, grown on demand and reused. */
    private static final class Workspace {
        float[] x = new float[0];
        float[] col = new float[0];
        final float[] y = new float[MAX_ROWS * CHUNK];
        final float[] sums = new float[4];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private Gemv() {
    }

    /** Whether {@link #run} takes this F32-output spec. */
    static boolean applies(GemmSpec s) {
        return s.m() <= MAX_ROWS || s.n() <= MAX_ROWS;
    }

    /** Runs an F32-output spec with {@code m, n, k > 0} for which {@link #applies} holds. */
    static void run(GemmSpec s) {
        MatVec mv = s.m() <= MAX_ROWS ? MatVec.rowsOf(s) : MatVec.columnsOf(s);
        Layout layout = mv.wRowStride() == 1 ? Layout.DOT : mv.wColStride() == 1 ? Layout.AXPY : Layout.GENERAL;
        int unit = layout == Layout.AXPY ? V : 4;
        int units = Math.ceilDiv(mv.n(), unit);
        int threads = Parallel.threads();
        long macs = (long) mv.batch() * mv.rows() * mv.n() * mv.k();
        if (threads == 1 || macs < PARALLEL_MIN_MACS) {
            Workspace ws = WORKSPACE.get();
            for (int b = 0; b < mv.batch(); b++) {
                task(mv, layout, b, 0, mv.n(), ws);
            }
            return;
        }
        int parts = Gemm.partsPerBatch(mv.batch(), threads, units);
        Parallel.forEachIndex(mv.batch() * parts, t -> {
            int b = t / parts;
            int part = t % parts;
            int j0 = Gemm.partStart(part, parts, units) * unit;
            int j1 = Math.min(mv.n(), Gemm.partStart(part + 1, parts, units) * unit);
            task(mv, layout, b, j0, j1, WORKSPACE.get());
        });
    }

    /** Columns {@code [j0, j1)} of batch entry {@code b}. */
    private static void task(MatVec mv, Layout layout, int b, int j0, int j1, Workspace ws) {
        int k = mv.k();
        if (ws.x.length < mv.rows() * k) {
            ws.x = new float[mv.rows() * k];
        }
        for (int r = 0; r < mv.rows(); r++) {
            long from = mv.xOffset() + b * mv.xBatchStride() + r * mv.xRowStride();
            GemmPacking.gatherLine(mv.xType(), mv.x(), from, mv.xStride(), k, ws.x, r * k, 1);
        }
        long wBase = mv.wOffset() + b * mv.wBatchStride();
        switch (layout) {
            case DOT -> dotColumns(mv, b, wBase, j0, j1, ws);
            case AXPY -> axpyRows(mv, b, wBase, j0, j1, ws);
            case GENERAL -> gatheredColumns(mv, b, wBase, j0, j1, ws);
        }
    }

    // ---- W contiguous along p: dot products ----

    private static void dotColumns(MatVec mv, int b, long wBase, int j0, int j1, Workspace ws) {
        int k = mv.k();
        int kv = F.loopBound(k);
        long size = mv.wType().byteSize();
        for (int j = j0; j < j1; j += 4) {
            // A short last group repeats its last column rather than needing a narrower kernel.
            long c0 = size * (wBase + j * mv.wColStride());
            long c1 = size * (wBase + Math.min(j + 1, j1 - 1) * mv.wColStride());
            long c2 = size * (wBase + Math.min(j + 2, j1 - 1) * mv.wColStride());
            long c3 = size * (wBase + Math.min(j + 3, j1 - 1) * mv.wColStride());
            for (int r = 0; r < mv.rows(); r++) {
                int xo = r * k;
                switch (mv.wType()) {
                    case F32 -> dot4F32(mv.w(), c0, c1, c2, c3, ws.x, xo, kv, ws.sums);
                    case BF16 -> dot4Bf16(mv.w(), c0, c1, c2, c3, ws.x, xo, kv, ws.sums);
                    default -> dot4F16(mv.w(), c0, c1, c2, c3, ws.x, xo, kv, ws.sums);
                }
                for (int q = 0; q < 4 && j + q < j1; q++) {
                    float s = ws.sums[q];
                    long col = wBase + (j + q) * mv.wColStride();
                    for (int p = kv; p < k; p++) {
                        s += ws.x[xo + p] * read(mv.wType(), mv.w(), col + p);
                    }
                    store(mv, mv.yAt(b, r, j + q), s);
                }
            }
        }
    }

    private static void dot4F32(MemorySegment w, long c0, long c1, long c2, long c3,
                                float[] x, int xo, int kv, float[] sums) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int p = 0; p < kv; p += V) {
            FloatVector xv = FloatVector.fromArray(F, x, xo + p);
            long o = 4L * p;
            s0 = FloatVector.fromMemorySegment(F, w, c0 + o, LE).fma(xv, s0);
            s1 = FloatVector.fromMemorySegment(F, w, c1 + o, LE).fma(xv, s1);
            s2 = FloatVector.fromMemorySegment(F, w, c2 + o, LE).fma(xv, s2);
            s3 = FloatVector.fromMemorySegment(F, w, c3 + o, LE).fma(xv, s3);
        }
        reduce(s0, s1, s2, s3, sums);
    }

    private static void dot4Bf16(MemorySegment w, long c0, long c1, long c2, long c3,
                                 float[] x, int xo, int kv, float[] sums) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int p = 0; p < kv; p += V) {
            FloatVector xv = FloatVector.fromArray(F, x, xo + p);
            long o = 2L * p;
            s0 = HalfFloats.loadBf16(w, c0 + o).fma(xv, s0);
            s1 = HalfFloats.loadBf16(w, c1 + o).fma(xv, s1);
            s2 = HalfFloats.loadBf16(w, c2 + o).fma(xv, s2);
            s3 = HalfFloats.loadBf16(w, c3 + o).fma(xv, s3);
        }
        reduce(s0, s1, s2, s3, sums);
    }

    private static void dot4F16(MemorySegment w, long c0, long c1, long c2, long c3,
                                float[] x, int xo, int kv, float[] sums) {
        FloatVector s0 = FloatVector.zero(F);
        FloatVector s1 = FloatVector.zero(F);
        FloatVector s2 = FloatVector.zero(F);
        FloatVector s3 = FloatVector.zero(F);
        for (int p = 0; p < kv; p += V) {
            FloatVector xv = FloatVector.fromArray(F, x, xo + p);
            long o = 2L * p;
            s0 = HalfFloats.loadF16(w, c0 + o).fma(xv, s0);
            s1 = HalfFloats.loadF16(w, c1 + o).fma(xv, s1);
            s2 = HalfFloats.loadF16(w, c2 + o).fma(xv, s2);
            s3 = HalfFloats.loadF16(w, c3 + o).fma(xv, s3);
        }
        reduce(s0, s1, s2, s3, sums);
    }

    private static void reduce(FloatVector s0, FloatVector s1, FloatVector s2, FloatVector s3, float[] sums) {
        sums[0] = LaneSums.sum(s0);
        sums[1] = LaneSums.sum(s1);
        sums[2] = LaneSums.sum(s2);
        sums[3] = LaneSums.sum(s3);
    }

    // ---- W contiguous along j: y += x[r][p] · W[p][j..] ----

    private static void axpyRows(MatVec mv, int b, long wBase, int j0, int j1, Workspace ws) {
        int k = mv.k();
        int rows = mv.rows();
        long size = mv.wType().byteSize();
        long rowBytes = size * mv.wRowStride();
        float[] x = ws.x;
        float[] y = ws.y;
        for (int jc = j0; jc < j1; jc += CHUNK) {
            int cw = Math.min(CHUNK, j1 - jc);
            int cwv = F.loopBound(cw);
            java.util.Arrays.fill(y, 0, rows * cw, 0f);
            long chunkByte = size * (wBase + jc);
            int p = 0;
            // Four rows of W per pass: four streams in flight, and y is read and written a quarter as often.
            for (; p + 4 <= k; p += 4) {
                long at = chunkByte + p * rowBytes;
                for (int r = 0; r < rows; r++) {
                    int xo = r * k + p;
                    switch (mv.wType()) {
                        case F32 -> axpy4F32(mv.w(), at, rowBytes, x[xo], x[xo + 1], x[xo + 2], x[xo + 3], y, r * cw, cwv);
                        case BF16 -> axpy4Bf16(mv.w(), at, rowBytes, x[xo], x[xo + 1], x[xo + 2], x[xo + 3], y, r * cw, cwv);
                        default -> axpy4F16(mv.w(), at, rowBytes, x[xo], x[xo + 1], x[xo + 2], x[xo + 3], y, r * cw, cwv);
                    }
                }
            }
            for (; p < k; p++) {
                long at = chunkByte + p * rowBytes;
                for (int r = 0; r < rows; r++) {
                    int xo = r * k + p;
                    switch (mv.wType()) {
                        case F32 -> axpy1F32(mv.w(), at, x[xo], y, r * cw, cwv);
                        case BF16 -> axpy1Bf16(mv.w(), at, x[xo], y, r * cw, cwv);
                        default -> axpy1F16(mv.w(), at, x[xo], y, r * cw, cwv);
                    }
                }
            }
            for (int j = cwv; j < cw; j++) {
                long col = wBase + jc + j;
                for (int r = 0; r < rows; r++) {
                    float sum = 0f;
                    for (int q = 0; q < k; q++) {
                        sum += x[r * k + q] * read(mv.wType(), mv.w(), col + q * mv.wRowStride());
                    }
                    y[r * cw + j] = sum;
                }
            }
            for (int r = 0; r < rows; r++) {
                storeRow(mv, mv.yAt(b, r, jc), y, r * cw, cw);
            }
        }
    }
    private static void axpy4F32(MemorySegment w, long at, long rowBytes, float x0, float x1, float x2, float x3,
                                   float[] y, int yo, int cwv) {
        FloatVector v0 = FloatVector.broadcast(F, x0);
        FloatVector v1 = FloatVector.broadcast(F, x1);
        FloatVector v2 = FloatVector.broadcast(F, x2);
        FloatVector v3 = FloatVector.broadcast(F, x3);
        // Each row's address is (invariant + index), the form C2 hoists segment bounds checks out of.
        long r0 = at;
        long r1 = at + rowBytes;
        long r2 = at + 2 * rowBytes;
        long r3 = at + 3 * rowBytes;
        for (int j = 0; j < cwv; j += V) {
            long o = 4L * j;
            FloatVector acc = FloatVector.fromArray(F, y, yo + j);
            acc = FloatVector.fromMemorySegment(F, w, r0 + o, LE).fma(v0, acc);
            acc = FloatVector.fromMemorySegment(F, w, r1 + o, LE).fma(v1, acc);
            acc = FloatVector.fromMemorySegment(F, w, r2 + o, LE).fma(v2, acc);
            acc = FloatVector.fromMemorySegment(F, w, r3 + o, LE).fma(v3, acc);
            acc.intoArray(y, yo + j);
        }
    }

    private static void axpy1F32(MemorySegment w, long at, float x0, float[] y, int yo, int cwv) {
        FloatVector v0 = FloatVector.broadcast(F, x0);
        for (int j = 0; j < cwv; j += V) {
            FloatVector.fromMemorySegment(F, w, at + 4L * j, LE).fma(v0, FloatVector.fromArray(F, y, yo + j)).intoArray(y, yo + j);
        }
    }

    private static void axpy4Bf16(MemorySegment w, long at, long rowBytes, float x0, float x1, float x2, float x3,
                                   float[] y, int yo, int cwv) {
        FloatVector v0 = FloatVector.broadcast(F, x0);
        FloatVector v1 = FloatVector.broadcast(F, x1);
        FloatVector v2 = FloatVector.broadcast(F, x2);
        FloatVector v3 = FloatVector.broadcast(F, x3);
        // Each row's address is (invariant + index), the form C2 hoists segment bounds checks out of.
        long r0 = at;
        long r1 = at + rowBytes;
        long r2 = at + 2 * rowBytes;
        long r3 = at + 3 * rowBytes;
        for (int j = 0; j < cwv; j += V) {
            long o = 2L * j;
            FloatVector acc = FloatVector.fromArray(F, y, yo + j);
            acc = HalfFloats.loadBf16(w, r0 + o).fma(v0, acc);
            acc = HalfFloats.loadBf16(w, r1 + o).fma(v1, acc);
            acc = HalfFloats.loadBf16(w, r2 + o).fma(v2, acc);
            acc = HalfFloats.loadBf16(w, r3 + o).fma(v3, acc);
            acc.intoArray(y, yo + j);
        }
    }

    private static void axpy1Bf16(MemorySegment w, long at, float x0, float[] y, int yo, int cwv) {
        FloatVector v0 = FloatVector.broadcast(F, x0);
        for (int j = 0; j < cwv; j += V) {
            HalfFloats.loadBf16(w, at + 2L * j).fma(v0, FloatVector.fromArray(F, y, yo + j)).intoArray(y, yo + j);
        }
    }

    private static void axpy4F16(MemorySegment w, long at, long rowBytes, float x0, float x1, float x2, float x3,
                                   float[] y, int yo, int cwv) {
        FloatVector v0 = FloatVector.broadcast(F, x0);
        FloatVector v1 = FloatVector.broadcast(F, x1);
        FloatVector v2 = FloatVector.broadcast(F, x2);
        FloatVector v3 = FloatVector.broadcast(F, x3);
        // Each row's address is (invariant + index), the form C2 hoists segment bounds checks out of.
        long r0 = at;
        long r1 = at + rowBytes;
        long r2 = at + 2 * rowBytes;
        long r3 = at + 3 * rowBytes;
        for (int j = 0; j < cwv; j += V) {
            long o = 2L * j;
            FloatVector acc = FloatVector.fromArray(F, y, yo + j);
            acc = HalfFloats.loadF16(w, r0 + o).fma(v0, acc);
            acc = HalfFloats.loadF16(w, r1 + o).fma(v1, acc);
            acc = HalfFloats.loadF16(w, r2 + o).fma(v2, acc);
            acc = HalfFloats.loadF16(w, r3 + o).fma(v3, acc);
            acc.intoArray(y, yo + j);
        }
    }

    private static void axpy1F16(MemorySegment w, long at, float x0, float[] y, int yo, int cwv) {
        FloatVector v0 = FloatVector.broadcast(F, x0);
        for (int j = 0; j < cwv; j += V) {
            HalfFloats.loadF16(w, at + 2L * j).fma(v0, FloatVector.fromArray(F, y, yo + j)).intoArray(y, yo + j);
        }
    }

    // ---- any other W layout: gather each column, then dot ----

    private static void gatheredColumns(MatVec mv, int b, long wBase, int j0, int j1, Workspace ws) {
        int k = mv.k();
        if (ws.col.length < k) {
            ws.col = new float[k];
        }
        for (int j = j0; j < j1; j++) {
            GemmPacking.gatherLine(mv.wType(), mv.w(), wBase + j * mv.wColStride(), mv.wRowStride(), k, ws.col, 0, 1);
            for (int r = 0; r < mv.rows(); r++) {
                store(mv, mv.yAt(b, r, j), dot(ws.x, r * k, ws.col, k));
            }
        }
    }

    private static float dot(float[] x, int xo, float[] col, int k) {
        FloatVector acc = FloatVector.zero(F);
        int kv = F.loopBound(k);
        for (int p = 0; p < kv; p += V) {
            acc = FloatVector.fromArray(F, x, xo + p).fma(FloatVector.fromArray(F, col, p), acc);
        }
        float s = LaneSums.sum(acc);
        for (int p = kv; p < k; p++) {
            s += x[xo + p] * col[p];
        }
        return s;
    }

    // ---- element access for tails and stores ----

    private static float read(DType type, MemorySegment seg, long elem) {
        return switch (type) {
            case F32 -> seg.get(GemmPacking.FLOAT, 4 * elem);
            case BF16 -> HalfFloats.bf16(seg.get(GemmPacking.SHORT, 2 * elem));
            default -> Float.float16ToFloat(seg.get(GemmPacking.SHORT, 2 * elem));
        };
    }

    private static void store(MatVec mv, long yElem, float v) {
        long at = 4 * yElem;
        mv.y().set(GemmPacking.FLOAT, at, mv.accumulate() ? mv.y().get(GemmPacking.FLOAT, at) + v : v);
    }

    /** {@code y[j]} (+)= {@code src[so + j]} for {@code j < count}, from element {@code yElem} on. */
    private static void storeRow(MatVec mv, long yElem, float[] src, int so, int count) {
        MemorySegment y = mv.y();
        if (mv.yColStride() != 1) {
            for (int j = 0; j < count; j++) {
                store(mv, yElem + j * mv.yColStride(), src[so + j]);
            }
            return;
        }
        int cv = F.loopBound(count);
        long at = 4 * yElem;
        for (int j = 0; j < cv; j += V, at += 4L * V) {
            FloatVector v = FloatVector.fromArray(F, src, so + j);
            if (mv.accumulate()) {
                v = v.add(FloatVector.fromMemorySegment(F, y, at, LE));
            }
            v.intoMemorySegment(y, at, LE);
        }
        for (int j = cv; j < count; j++) {
            store(mv, yElem + j, src[so + j]);
        }
    }
}
