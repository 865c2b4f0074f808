package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Copies blocks of A and B into the heap layouts {@link MicroKernel} reads, widening F16/BF16 to F32 on
 * the way (so a narrow matrix is never converted as a whole).
 *
 * <p>Why pack at all: the micro-kernel's loads run about three times faster from a {@code float[]} than
 * from a native segment, and packing makes every load sequential. Layouts, for a block whose first
 * element is at element offset {@code base}:
 * <ul>
 *   <li>A, {@code mc × kc}: micro-panels of {@link MicroKernel#MR} rows, panel {@code r} at
 *       {@code r·MR·kc}, element {@code (i, p)} of the panel at {@code p·MR + i};</li>
 *   <li>B, {@code kc × nc}: micro-panels of {@link MicroKernel#NR} columns, panel {@code q} at
 *       {@code q·NR·kc}, element {@code (p, j)} of the panel at {@code p·NR + j}.</li>
 * </ul>
 * The last panel of each is zero-padded to full width.
 */
final class GemmPacking {

    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;

    private static final int MR = MicroKernel.MR;
    private static final int NR = MicroKernel.NR;
    private static final int V = HalfFloats.F.length();

    private GemmPacking() {
    }

    /**
     * Packs the {@code mc × kc} block of A whose element {@code (0, 0)} is at {@code base}, with the given
     * row and column strides (in elements), into {@code dst}.
     */
    static void packA(DType type, MemorySegment a, long base, long rowStride, long colStride,
                      int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            int d = ir * kc;
            long panel = base + ir * rowStride;
            if (colStride == 1 && rows == MR && type == DType.F32) {
                fourRowsOfA(a, panel, rowStride, kc, dst, d);
            } else if (colStride == 1) {
                for (int i = 0; i < rows; i++) {
                    rowOfA(type, a, panel + i * rowStride, kc, dst, d + i);
                }
            } else if (rowStride == 1 && rows == MR) {
                // Aᵀ of a row-major matrix (gradients such as xᵀ · dy): each step of k is MR contiguous values.
                stepsOfTransposedA(type, a, panel, colStride, kc, dst, d);
            } else if (Math.abs(colStride) <= Math.abs(rowStride)) {
                for (int i = 0; i < rows; i++) {
                    gatherLine(type, a, panel + i * rowStride, colStride, kc, dst, d + i, MR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    gatherLine(type, a, panel + p * colStride, rowStride, rows, dst, d + p * MR, 1);
                }
            }
            for (int i = rows; i < MR; i++) {
                zeroLine(dst, d + i, MR, kc);
            }
        }
    }

    /**
     * Packs the {@code kc × nc} block of B whose element {@code (0, 0)} is at {@code base}, with the given
     * row and column strides (in elements), into {@code dst}.
     */
    static void packB(DType type, MemorySegment b, long base, long rowStride, long colStride,
                      int kc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            int d = jr * kc;
            long panel = base + jr * colStride;
            if (colStride == 1 && cols == NR) {
                packContiguousRows(type, b, panel, rowStride, kc, dst, d);
                continue;
            }
            if (rowStride == 1) {
                // Bᵀ of a row-major weight (a Linear layer): each column of the panel is contiguous.
                for (int j = 0; j < cols; j++) {
                    columnOfB(type, b, panel + j * colStride, kc, dst, d + j);
                }
            } else if (Math.abs(rowStride) <= Math.abs(colStride)) {
                for (int j = 0; j < cols; j++) {
                    gatherLine(type, b, panel + j * colStride, rowStride, kc, dst, d + j, NR);
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    gatherLine(type, b, panel + p * rowStride, colStride, cols, dst, d + p * NR, 1);
                }
            }
            for (int j = cols; j < NR; j++) {
                zeroLine(dst, d + j, NR, kc);
            }
        }
    }

    /** A full-width B micro-panel whose rows are contiguous: two vector loads per row. */
    private static void packContiguousRows(DType type, MemorySegment b, long panel, long rowStride,
                                           int kc, float[] dst, int d) {
        long size = type.byteSize();
        long rowBytes = rowStride * size;
        long at = panel * size;
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        switch (type) {
            case F32 -> {
                for (int p = 0; p < kc; p++, at += rowBytes) {
                    FloatVector.fromMemorySegment(HalfFloats.F, b, at, le).intoArray(dst, d + p * NR);
                    FloatVector.fromMemorySegment(HalfFloats.F, b, at + 4L * V, le).intoArray(dst, d + p * NR + V);
                }
            }
            case BF16 -> {
                for (int p = 0; p < kc; p++, at += rowBytes) {
                    HalfFloats.loadBf16(b, at).intoArray(dst, d + p * NR);
                    HalfFloats.loadBf16(b, at + 2L * V).intoArray(dst, d + p * NR + V);
                }
            }
            case F16 -> {
                for (int p = 0; p < kc; p++, at += rowBytes) {
                    HalfFloats.loadF16(b, at).intoArray(dst, d + p * NR);
                    HalfFloats.loadF16(b, at + 2L * V).intoArray(dst, d + p * NR + V);
                }
            }
            default -> throw new IllegalStateException("unsupported packed type " + type);
        }
    }

    /**
     * {@code dst[dOff + t·MR] = src[start + t]} for {@code t < count}, widening to F32: one row of an A
     * micro-panel from a row-major A. Separate from {@link #gatherLine} because C2 removes the bounds
     * checks from such a loop only when the array stride is a literal constant and the segment address
     * is (invariant + index); the generic loop checks both on every element and runs several times slower.
     */
    /**
     * A full F32 panel of four contiguous rows, written step by step of k so the panel fills front to back
     * (four reads from four rows, one run of four writes) instead of in four strided passes.
     */
    private static void fourRowsOfA(MemorySegment src, long start, long rowStride, int count, float[] dst, int d) {
        long r0 = 4 * start;
        long r1 = r0 + 4 * rowStride;
        long r2 = r1 + 4 * rowStride;
        long r3 = r2 + 4 * rowStride;
        for (int p = 0; p < count; p++) {
            long o = 4L * p;
            int at = d + p * MR;
            dst[at] = src.get(FLOAT, r0 + o);
            dst[at + 1] = src.get(FLOAT, r1 + o);
            dst[at + 2] = src.get(FLOAT, r2 + o);
            dst[at + 3] = src.get(FLOAT, r3 + o);
        }
    }

    private static void rowOfA(DType type, MemorySegment src, long start, int count, float[] dst, int dOff) {
        switch (type) {
            case F32 -> {
                long at = 4 * start;
                for (int t = 0; t < count; t++) {
                    dst[dOff + t * MR] = src.get(FLOAT, at + 4L * t);
                }
            }
            case BF16 -> {
                long at = 2 * start;
                for (int t = 0; t < count; t++) {
                    dst[dOff + t * MR] = HalfFloats.bf16(src.get(SHORT, at + 2L * t));
                }
            }
            default -> {
                long at = 2 * start;
                for (int t = 0; t < count; t++) {
                    dst[dOff + t * MR] = Float.float16ToFloat(src.get(SHORT, at + 2L * t));
                }
            }
        }
    }

    /** {@code dst[d + p·MR + i] = src[start + p·step + i]} for {@code p < count, i < MR}: a full A panel of Aᵀ. */
    private static void stepsOfTransposedA(DType type, MemorySegment src, long start, long step, int count,
                                           float[] dst, int d) {
        long size = type.byteSize();
        long stepBytes = size * step;
        long at = size * start;
        for (int p = 0; p < count; p++, at += stepBytes) {
            int o = d + p * MR;
            switch (type) {
                case F32 -> {
                    dst[o] = src.get(FLOAT, at);
                    dst[o + 1] = src.get(FLOAT, at + 4);
                    dst[o + 2] = src.get(FLOAT, at + 8);
                    dst[o + 3] = src.get(FLOAT, at + 12);
                }
                case BF16 -> {
                    dst[o] = HalfFloats.bf16(src.get(SHORT, at));
                    dst[o + 1] = HalfFloats.bf16(src.get(SHORT, at + 2));
                    dst[o + 2] = HalfFloats.bf16(src.get(SHORT, at + 4));
                    dst[o + 3] = HalfFloats.bf16(src.get(SHORT, at + 6));
                }
                default -> {
                    dst[o] = Float.float16ToFloat(src.get(SHORT, at));
                    dst[o + 1] = Float.float16ToFloat(src.get(SHORT, at + 2));
                    dst[o + 2] = Float.float16ToFloat(src.get(SHORT, at + 4));
                    dst[o + 3] = Float.float16ToFloat(src.get(SHORT, at + 6));
                }
            }
        }
    }

    /** {@code dst[dOff + t·NR] = src[start + t]}: one column of a B micro-panel from a transposed B, as {@link #rowOfA}. */
    private static void columnOfB(DType type, MemorySegment src, long start, int count, float[] dst, int dOff) {
        switch (type) {
            case F32 -> {
                long at = 4 * start;
                for (int t = 0; t < count; t++) {
                    dst[dOff + t * NR] = src.get(FLOAT, at + 4L * t);
                }
            }
            case BF16 -> {
                long at = 2 * start;
                for (int t = 0; t < count; t++) {
                    dst[dOff + t * NR] = HalfFloats.bf16(src.get(SHORT, at + 2L * t));
                }
            }
            default -> {
                long at = 2 * start;
                for (int t = 0; t < count; t++) {
                    dst[dOff + t * NR] = Float.float16ToFloat(src.get(SHORT, at + 2L * t));
                }
            }
        }
    }

    /**
     * {@code dst[dOff + t·dStride] = src[start + t·stride]} for {@code t} in {@code [0, count)}, widening to
     * F32. The dtype switch sits outside the loops so each loop is a plain counted loop.
     */
    static void gatherLine(DType type, MemorySegment src, long start, long stride, int count,
                           float[] dst, int dOff, int dStride) {
        switch (type) {
            case F32 -> {
                long at = start * 4;
                long step = stride * 4;
                for (int t = 0; t < count; t++, at += step) {
                    dst[dOff + t * dStride] = src.get(FLOAT, at);
                }
            }
            case BF16 -> {
                long at = start * 2;
                long step = stride * 2;
                for (int t = 0; t < count; t++, at += step) {
                    dst[dOff + t * dStride] = HalfFloats.bf16(src.get(SHORT, at));
                }
            }
            case F16 -> {
                long at = start * 2;
                long step = stride * 2;
                for (int t = 0; t < count; t++, at += step) {
                    dst[dOff + t * dStride] = Float.float16ToFloat(src.get(SHORT, at));
                }
            }
            default -> throw new IllegalStateException("unsupported packed type " + type);
        }
    }

    private static void zeroLine(float[] dst, int dOff, int dStride, int count) {
        if (dStride == 1) {
            Arrays.fill(dst, dOff, dOff + count, 0f);
            return;
        }
        for (int t = 0; t < count; t++) {
            dst[dOff + t * dStride] = 0f;
        }
    }
}
