package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;

/**
 * The F32 gemm for all but the thinnest shapes: GotoBLAS/BLIS cache blocking around {@link MicroKernel}.
 *
 * <p>Loop nest for one batch entry and one block of C, innermost last:
 * <pre>
 * jc: columns in steps of NC     (a packed kc × nc block of B lives in L2/L3)
 *   pc: depth in steps of KC     (pack B[pc.., jc..])
 *     ic: rows in steps of MC    (pack A[ic.., pc..]; mc × kc of A lives in L2)
 *       jr: B micro-panels       (kc × NR of B stays in L1 while...)
 *         ir: A micro-panels     (...every MR-row panel of A streams past it)
 * </pre>
 * Blocks are split evenly (k = 300 runs as two passes of 150, not 256 + 44) so no short pass wastes the kernel.
 *
 * <p>Threads get whole batch entries when the batch divides evenly among them (attention heads);
 * otherwise each batch entry's C is cut into as many strips as there are threads, along n when
 * {@code m <= n} (each thread then packs all of A, the smaller operand) or else along m. Threads claim
 * these tasks one at a time ({@link Parallel#forEachIndex}), so a pool thread that wakes late costs
 * nothing but its share. Each thread owns its packing buffers, reused across calls.
 *
 * <p>With a {@link PackedB} the B blocks are read from its panels instead of being packed here, and a bias
 * row is written (or added) into each block of C just before its first block of depth.
 */
final class PackedGemm {

    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /** Depth of a packed block: a B micro-panel of KC × NR floats (16 KiB) fits in half of L1. */
    static final int KC = 256;
    /**
     * Depth of a block of a pre-packed B ({@link PackedB}): its micro-panels (24 KiB) still fit in L1, and
     * BERT-sized products (k = 384) run in one pass over C instead of two; about 5% faster on MiniLM,
     * measured. Products that pack B themselves keep {@link #KC}, tuned for packing on the fly.
     */
    static final int KC_PACKED = 384;
    /** Rows of a packed A block: MC × KC floats (128 KiB) sit in L2 beside the B block. */
    static final int MC = 128;
    /** Columns of a packed B block: KC × NC floats (1 MiB). */
    static final int NC = 1024;
    /**
     * Blocks of this many rows of A, against a pre-packed B, go through {@link SkinnyKernel} first: from
     * 9 rows (three A micro-panels, the kernel's height, at most a quarter of them padding) to 24, beyond
     * which B is reused from L1 often enough that {@link MicroKernel}'s faster compute wins (measured
     * against weights read from memory: 12 rows 10–25% faster, 24 about even, 32 slower).
     */
    static final int SKINNY_MIN_ROWS = 9;
    static final int SKINNY_MAX_ROWS = 24;
    /** Below this many flops a second thread costs more to wake than it saves. */
    static final long PARALLEL_MIN_FLOPS = 4L << 20;

    /** One thread's packing buffers, allocated once at full block size. */
    private static final class Workspace {
        final float[] a = new float[MC * Math.max(KC, KC_PACKED)];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[SkinnyKernel.ROWS * NR];
    }

    private static final ThreadLocal<Workspace> WORKSPACE = ThreadLocal.withInitial(Workspace::new);

    private PackedGemm() {
    }

    /**
     * The operands beyond the spec: B already packed (or null to pack it here), and a bias row of n F32
     * values added to every row of C (or null).
     */
    private record Extras(PackedB packed, MemorySegment bias, long biasByte) {
        static final Extras NONE = new Extras(null, null, 0);
    }

    /** Runs an F32-output spec with {@code m, n, k > 0}. */
    static void run(GemmSpec s) {
        run(s, Extras.NONE);
    }

    /**
     * Runs an F32-output spec with {@code m, n, k > 0} reading B from {@code packed} (which
     * {@link PackedB#fits} the spec) and adding {@code bias} (n F32 values from byte {@code biasByte},
     * or null) to every row of C.
     */
    static void run(GemmSpec s, PackedB packed, MemorySegment bias, long biasByte) {
        run(s, new Extras(packed, bias, biasByte));
    }

    private static void run(GemmSpec s, Extras x) {
        int threads = Parallel.threads();
        long flops = 2L * s.batch() * s.m() * s.n() * s.k();
        if (threads == 1 || flops < PARALLEL_MIN_FLOPS) {
            Workspace ws = WORKSPACE.get();
            for (int b = 0; b < s.batch(); b++) {
                block(s, x, b, 0, s.m(), 0, s.n(), ws);
            }
            return;
        }
        int mPanels = Math.ceilDiv(s.m(), MR);
        int nPanels = Math.ceilDiv(s.n(), NR);
        // Split the larger dimension of C, unless it has too few panels to give every thread one.
        boolean alongN = s.m() <= s.n()
                ? nPanels >= Math.min(threads, mPanels)
                : mPanels < Math.min(threads, nPanels);
        int panels = alongN ? nPanels : mPanels;
        int parts = Gemm.partsPerBatch(s.batch(), threads, panels);
        Parallel.forEachIndex(s.batch() * parts, t -> {
            int b = t / parts;
            int part = t % parts;
            int from = Gemm.partStart(part, parts, panels);
            int to = Gemm.partStart(part + 1, parts, panels);
            if (alongN) {
                block(s, x, b, 0, s.m(), from * NR, Math.min(s.n(), to * NR), WORKSPACE.get());
            } else {
                block(s, x, b, from * MR, Math.min(s.m(), to * MR), 0, s.n(), WORKSPACE.get());
            }
        });
    }

    /** {@code C[b][i0..i1, j0..j1]} (+)= {@code A[b][i0..i1, :] · B[b][:, j0..j1]}. */
    private static void block(GemmSpec s, Extras x, int b, int i0, int i1, int j0, int j1, Workspace ws) {
        long aBase = s.aOffset() + b * s.aBatchStride();
        long bBase = s.bOffset() + b * s.bBatchStride();
        long cBase = s.cOffset() + b * s.cBatchStride();
        int k = s.k();
        PackedB packed = x.packed();
        int kcStep = packed != null ? packed.kcStep() : evenStep(k, KC, 1);
        int mcStep = evenStep(i1 - i0, MC, MR);
        int ncStep = evenStep(j1 - j0, NC, NR);
        for (int jc = j0; jc < j1; jc += ncStep) {
            int nc = Math.min(ncStep, j1 - jc);
            for (int pc = 0; pc < k; pc += kcStep) {
                int kc = Math.min(kcStep, k - pc);
                float[] bp = ws.b;
                int bOff = 0;
                if (packed == null) {
                    GemmPacking.packB(s.bType(), s.b(), bBase + pc * s.bRowStride() + jc * s.bColStride(),
                            s.bRowStride(), s.bColStride(), kc, nc, ws.b);
                } else {
                    bp = packed.panels();
                    bOff = packed.panelAt(pc, kc, jc);
                }
                boolean add = s.accumulate() || pc > 0;
                for (int ic = i0; ic < i1; ic += mcStep) {
                    int mc = Math.min(mcStep, i1 - ic);
                    GemmPacking.packA(s.aType(), s.a(), aBase + ic * s.aRowStride() + pc * s.aColStride(),
                            s.aRowStride(), s.aColStride(), mc, kc, ws.a);
                    long cBlock = cBase + ic * s.cRowStride() + jc;
                    boolean addHere = add;
                    if (pc == 0 && x.bias() != null) {
                        // The bias joins C once, just before the first block of depth adds into it.
                        biasRows(s.c(), cBlock, s.cRowStride(), mc, nc, x.bias(), x.biasByte() + 4L * jc, add);
                        addHere = true;
                    }
                    if (packed == null) {
                        macroKernel(mc, nc, kc, ws.a, bp, bOff, ws.tile, s.c(), cBlock, s.cRowStride(), addHere);
                    } else {
                        splitMacroKernel(mc, nc, kc, ws.a, bp, bOff, ws.tile, s.c(), cBlock, s.cRowStride(), addHere);
                    }
                }
            }
        }
    }

    /**
     * Every micro-tile of one packed {@code mc × nc} block, B's panels from {@code bOff} in {@code bp};
     * {@code cBlock} is an element offset.
     */
    private static void macroKernel(int mc, int nc, int kc, float[] ap, float[] bp, int bOff, float[] tile,
                                    MemorySegment c, long cBlock, long cRowStride, boolean add) {
        long rowBytes = 4 * cRowStride;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                long cByte = 4 * (cBlock + ir * cRowStride + jr);
                MicroKernel.run(kc, ap, ir * kc, bp, bOff + jr * kc, c, cByte, rowBytes, add, rows, cols, tile);
            }
        }
    }

    /**
     * {@link #macroKernel} for B micro-panels in {@link PackedB}'s split layout. A block of
     * {@link #SKINNY_MIN_ROWS} to {@link #SKINNY_MAX_ROWS} rows runs its first {@link SkinnyKernel#ROWS}
     * through {@link SkinnyKernel}, which streams each half-panel of B once for all of them, and any
     * rows after those through {@link MicroKernel} while the panel is still in L1.
     */
    private static void splitMacroKernel(int mc, int nc, int kc, float[] ap, float[] bp, int bOff, float[] tile,
                                         MemorySegment c, long cBlock, long cRowStride, boolean add) {
        long rowBytes = 4 * cRowStride;
        int v = MicroKernel.F.length();
        int skinnyRows = mc >= SKINNY_MIN_ROWS && mc <= SKINNY_MAX_ROWS ? Math.min(mc, SkinnyKernel.ROWS) : 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int panel = bOff + jr * kc;
            if (skinnyRows > 0) {
                long cByte = 4 * (cBlock + jr);
                SkinnyKernel.run(kc, ap, 0, bp, panel, c, cByte, rowBytes, add, skinnyRows, Math.min(v, cols), tile);
                if (cols > v) {
                    SkinnyKernel.run(kc, ap, 0, bp, panel + v * kc, c, cByte + 4L * v, rowBytes, add, skinnyRows,
                            cols - v, tile);
                }
            }
            for (int ir = skinnyRows; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir);
                long cByte = 4 * (cBlock + ir * cRowStride + jr);
                MicroKernel.runSplit(kc, ap, ir * kc, bp, panel, c, cByte, rowBytes, add, rows, cols, tile);
            }
        }
    }

    /**
     * Rows {@code [0, mc)}, columns {@code [0, nc)} of the C block at element {@code cBlock} set to the
     * bias ({@code nc} F32 values from {@code biasByte}), or with {@code add} increased by it. The block
     * is about to be read by the micro-kernel, so the pass costs little; inside the micro-kernel the
     * extra branches pushed C2 past its inlining budget and the vectors were no longer kept in registers.
     */
    private static void biasRows(MemorySegment c, long cBlock, long cRowStride, int mc, int nc,
                                 MemorySegment bias, long biasByte, boolean add) {
        for (int i = 0; i < mc; i++) {
            long row = 4 * (cBlock + i * cRowStride);
            if (!add) {
                MemorySegment.copy(bias, biasByte, c, row, 4L * nc);
                continue;
            }
            int j = 0;
            for (int bound = MicroKernel.F.loopBound(nc); j < bound; j += MicroKernel.F.length()) {
                FloatVector.fromMemorySegment(MicroKernel.F, c, row + 4L * j, ByteOrder.LITTLE_ENDIAN)
                        .add(FloatVector.fromMemorySegment(MicroKernel.F, bias, biasByte + 4L * j, ByteOrder.LITTLE_ENDIAN))
                        .intoMemorySegment(c, row + 4L * j, ByteOrder.LITTLE_ENDIAN);
            }
            for (; j < nc; j++) {
                long at = row + 4L * j;
                c.set(GemmPacking.FLOAT, at, c.get(GemmPacking.FLOAT, at) + bias.get(GemmPacking.FLOAT, biasByte + 4L * j));
            }
        }
    }

    /**
     * The step that cuts {@code total} into the fewest blocks of at most {@code max}, all of nearly equal
     * size, rounded up to a multiple of {@code unit} ({@code max} is a multiple of {@code unit}).
     */
    static int evenStep(int total, int max, int unit) {
        int blocks = Math.ceilDiv(total, max);
        int step = Math.ceilDiv(total, blocks);
        return Math.min(max, Math.ceilDiv(step, unit) * unit);
    }
}
