package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;

import java.lang.foreign.MemorySegment;

/**
 * The B operand of a gemm packed once, in the layout {@link MicroKernel} reads, for products that use the
 * same B on every call: the weight of a Linear layer ({@code x · Wᵀ}) is the common case.
 *
 * <p>Why: {@link PackedGemm} otherwise packs B on every call. For a few rows of A (one short sentence:
 * twelve tokens) that packing reads and writes every weight to do a dozen multiply-adds with each, and
 * was half of the inference time; ONNX Runtime and the BLAS libraries pre-pack constant weights too.
 *
 * <p>Layout: B ({@code k × n}) is cut along k into blocks of nearly equal depth, at most
 * {@link PackedGemm#KC_PACKED} rows, and each block into micro-panels of {@link MicroKernel#NR} columns,
 * the last one zero-padded. The block of rows from {@code p0} starts at {@code p0 · nPadded}; its
 * micro-panel {@code q} at {@code p0 · nPadded + q · NR · kc}. A micro-panel is split into its two
 * vectors' columns: element {@code (p, j)} at {@code p · V + j} for {@code j < V} and at
 * {@code V · kc + p · V + (j - V)} for the rest (V the vector length, NR = 2V). Split, a half-panel is
 * one contiguous run that {@link SkinnyKernel} streams on its own, as it needs to for a few rows of A
 * (see there why); {@link MicroKernel} reads the two halves side by side. Any run of whole panels of one
 * block is contiguous.
 *
 * <p>Immutable and safe to share between threads. The panels are a copy, and {@link Gemm} reads B only
 * from them: writing into the source afterwards is not seen (whoever caches a {@code PackedB} must drop
 * it when the source changes).
 *
 * {@snippet :
 * // W (out × in), row-major, used as Wᵀ (in × out) on every call
 * PackedB packed = PackedB.pack(DType.F32, w, 0, 1, in, in, out);
 * Gemm.run(GemmSpec.rowMajor(rows, out, in, DType.F32, x, DType.F32, w, true, y), packed, null, 0);
 * }
 */
public final class PackedB {
    private static final int NR = MicroKernel.NR;
    private static final int V = MicroKernel.F.length();

    private final int k;
    private final int n;
    private final int kcStep;
    private final int nPadded;
    private final float[] panels;

    private PackedB(int k, int n, int kcStep, float[] panels) {
        this.k = k;
        this.n = n;
        this.kcStep = kcStep;
        this.nPadded = Math.ceilDiv(n, NR) * NR;
        this.panels = panels;
    }

    /**
     * Packs the {@code k × n} matrix whose element {@code (p, j)} is at element offset
     * {@code offset + p·rowStride + j·colStride} of {@code b} (F32, F16 or BF16; narrow types are
     * widened to F32).
     */
    public static PackedB pack(DType type, MemorySegment b, long offset, long rowStride, long colStride, int k, int n) {
        if (k < 1 || n < 1) {
            throw new GatunException("packed B needs k, n >= 1, got k=" + k + " n=" + n);
        }
        if (type != DType.F32 && type != DType.F16 && type != DType.BF16) {
            throw new GatunException("packed B must be f32, f16 or bf16, got " + type);
        }
        // The spec checks that every element lies inside b.
        new GemmSpec(1, 1, n, k, DType.F32, MemorySegment.ofArray(new float[k]), 0, 0, k, 1,
                type, b, offset, 0, rowStride, colStride, DType.F32, MemorySegment.ofArray(new float[n]), 0, 0, n, false);
        int kcStep = PackedGemm.evenStep(k, PackedGemm.KC_PACKED, 1);
        int nPadded = Math.ceilDiv(n, NR) * NR;
        float[] panels = new float[Math.multiplyExact(k, nPadded)];
        float[] block = new float[kcStep * nPadded];
        for (int p0 = 0; p0 < k; p0 += kcStep) {
            int kc = Math.min(kcStep, k - p0);
            GemmPacking.packB(type, b, offset + p0 * rowStride, rowStride, colStride, kc, n, block);
            split(block, kc, nPadded, panels, p0 * nPadded);
        }
        return new PackedB(k, n, kcStep, panels);
    }

    /** Copies {@code kc} rows of interleaved micro-panels ({@code p · NR + j}) into the split layout at {@code to}. */
    private static void split(float[] interleaved, int kc, int nPadded, float[] panels, int to) {
        for (int q = 0; q < nPadded; q += NR) {
            int panel = q * kc;
            for (int p = 0; p < kc; p++) {
                System.arraycopy(interleaved, panel + p * NR, panels, to + panel + p * V, V);
                System.arraycopy(interleaved, panel + p * NR + V, panels, to + panel + V * kc + p * V, V);
            }
        }
    }

    /** Packs the B of {@code spec}'s first batch entry. */
    public static PackedB of(GemmSpec spec) {
        return pack(spec.bType(), spec.b(), spec.bOffset(), spec.bRowStride(), spec.bColStride(), spec.k(), spec.n());
    }

    /**
     * Whether this is a packing of a B that {@code spec} could use: same k and n, and one B for the whole
     * batch. (Whether it holds the same values as spec's B is the caller's promise.)
     */
    public boolean fits(GemmSpec spec) {
        return spec.k() == k && spec.n() == n && (spec.batch() <= 1 || spec.bBatchStride() == 0);
    }

    /** Rows of B. */
    public int k() {
        return k;
    }

    /** Columns of B. */
    public int n() {
        return n;
    }

    /** Bytes of heap the panels take. */
    public long byteSize() {
        return 4L * panels.length;
    }

    int kcStep() {
        return kcStep;
    }

    float[] panels() {
        return panels;
    }

    /** Index of the panel holding columns from {@code j} (a multiple of NR) in the block of rows from {@code p0}. */
    int panelAt(int p0, int kc, int j) {
        return p0 * nPadded + j * kc;
    }
}
