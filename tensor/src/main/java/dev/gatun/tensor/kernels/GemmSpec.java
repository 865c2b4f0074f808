package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One batched matrix product {@code C[b] = A[b] · B[b]} (plus {@code C[b]} if {@code accumulate}), for
 * {@code b} in {@code [0, batch)}: A is {@code m × k}, B is {@code k × n}, C is {@code m × n}.
 *
 * <p>All offsets and strides are in <em>elements</em> of the operand's dtype, not bytes. Element
 * {@code A[b][i][p]} lives at {@code aOffset + b·aBatchStride + i·aRowStride + p·aColStride}, and likewise
 * for B. C's columns are contiguous (stride 1). A and B may have any strides: row-major, transposed views,
 * a batch broadcast with batch stride 0, even negative strides. C must not overlap A or B.
 *
 * <p>Supported element types:
 * <ul>
 *   <li>A in {@link DType#F32}, {@link DType#F16} or {@link DType#BF16}; B in F32, F16 or BF16; C in F32.
 *       Narrow operands are widened to F32 while the kernel reads them; products and sums are F32.</li>
 *   <li>A, B and C all {@link DType#F64} (a plain path meant for double-precision gradient checks).</li>
 * </ul>
 *
 * <p>The compact constructor checks everything {@link Gemm#run} relies on before any memory is touched:
 * non-negative sizes, supported dtypes, a writable C whose elements do not overlap one another, and that
 * the lowest and highest element addresses of every operand lie inside its segment. A violation throws
 * {@link GatunException} naming the operand and the numbers involved.
 *
 * {@snippet :
 * // C (2×3) = A (2×4) · B (4×3), all F32 and row-major
 * var spec = GemmSpec.rowMajor(2, 3, 4, DType.F32, a, DType.F32, b, false, c);
 * Gemm.run(spec);
 * }
 */
public record GemmSpec(int batch, int m, int n, int k,
                       DType aType, MemorySegment a, long aOffset, long aBatchStride, long aRowStride, long aColStride,
                       DType bType, MemorySegment b, long bOffset, long bBatchStride, long bRowStride, long bColStride,
                       DType cType, MemorySegment c, long cOffset, long cBatchStride, long cRowStride,
                       boolean accumulate) {

    public GemmSpec {
        if (batch < 0 || m < 0 || n < 0 || k < 0) {
            throw new GatunException("gemm: sizes must be >= 0, got batch=" + batch + " m=" + m + " n=" + n + " k=" + k);
        }
        if (aType == null || bType == null || cType == null) {
            throw new GatunException("gemm: the dtypes of A, B and C must be given");
        }
        if (a == null || b == null || c == null) {
            throw new GatunException("gemm: the segments of A, B and C must be given");
        }
        checkTypes(aType, bType, cType);
        if (c.isReadOnly()) {
            throw new GatunException("gemm: C's segment is read-only");
        }
        checkBounds("A", aType, a, aOffset, batch, aBatchStride, m, aRowStride, k, aColStride);
        checkBounds("B", bType, b, bOffset, batch, bBatchStride, k, bRowStride, n, bColStride);
        checkBounds("C", cType, c, cOffset, batch, cBatchStride, m, cRowStride, n, 1);
        checkNoSelfOverlap(batch, cBatchStride, m, cRowStride, n);
    }

    /**
     * A single contiguous product {@code C = A · B} (or {@code A · Bᵀ}): A is row-major {@code m × k};
     * B is row-major {@code k × n}, or, if {@code transposedB}, a row-major {@code n × k} matrix W used as
     * {@code Wᵀ} (the layout of a Linear layer's weight); C is a row-major F32 {@code m × n}, overwritten.
     */
    public static GemmSpec rowMajor(int m, int n, int k, DType aType, MemorySegment a,
                                    DType bType, MemorySegment b, boolean transposedB, MemorySegment c) {
        long bRow = transposedB ? 1 : n;
        long bCol = transposedB ? k : 1;
        return new GemmSpec(1, m, n, k,
                aType, a, 0, 0, k, 1,
                bType, b, 0, 0, bRow, bCol,
                DType.F32, c, 0, 0, n, false);
    }

    /** Whether this is the all-F64 product (which takes the plain double-precision path). */
    public boolean isF64() {
        return cType == DType.F64;
    }

    private static void checkTypes(DType aType, DType bType, DType cType) {
        if (aType == DType.F64 || bType == DType.F64 || cType == DType.F64) {
            if (aType != DType.F64 || bType != DType.F64 || cType != DType.F64) {
                throw new GatunException("gemm: an F64 product needs A, B and C all F64, got A=" + aType
                        + " B=" + bType + " C=" + cType);
            }
            return;
        }
        if (cType != DType.F32) {
            throw new GatunException("gemm: C must be f32 or f64, got " + cType);
        }
        if (!isNarrowOrF32(aType)) {
            throw new GatunException("gemm: A must be f32, f16 or bf16 when C is f32, got " + aType);
        }
        if (!isNarrowOrF32(bType)) {
            throw new GatunException("gemm: B must be f32, f16 or bf16 when C is f32, got " + bType);
        }
    }

    private static boolean isNarrowOrF32(DType t) {
        return t == DType.F32 || t == DType.F16 || t == DType.BF16;
    }

    /**
     * Checks that every element {@code offset + b·s0 + i·s1 + j·s2} lies inside {@code seg}. The extremes
     * are found per dimension (a negative stride contributes to the lowest address), so the check is exact
     * for any strides. Operands with an empty dimension are never read and are not checked beyond their
     * offset.
     */
    private static void checkBounds(String name, DType type, MemorySegment seg, long offset,
                                    long d0, long s0, long d1, long s1, long d2, long s2) {
        if (offset < 0) {
            throw new GatunException("gemm: " + name + "'s offset must be >= 0, got " + offset);
        }
        if (d0 == 0 || d1 == 0 || d2 == 0) {
            return;
        }
        long lowest;
        long highest;
        try {
            long e0 = Math.multiplyExact(d0 - 1, s0);
            long e1 = Math.multiplyExact(d1 - 1, s1);
            long e2 = Math.multiplyExact(d2 - 1, s2);
            lowest = Math.addExact(offset, Math.min(e0, 0) + Math.min(e1, 0) + Math.min(e2, 0));
            highest = Math.addExact(offset, Math.addExact(Math.addExact(Math.max(e0, 0), Math.max(e1, 0)),
                    Math.max(e2, 0)));
            if (lowest >= 0 && type.byteSize(highest + 1) > seg.byteSize()) {
                throw new GatunException("gemm: " + name + " reaches element " + highest + " (" + type
                        + "), past the end of its segment of " + seg.byteSize() + " bytes");
            }
        } catch (ArithmeticException overflow) {
            throw new GatunException("gemm: " + name + "'s strides overflow a 64-bit address", overflow);
        }
        if (lowest < 0) {
            throw new GatunException("gemm: " + name + " reaches element " + lowest
                    + ", before the start of its segment (negative strides need a larger offset)");
        }
    }

    /**
     * Checks that no two elements of C share an address, so that threads writing disjoint tiles never
     * race. Sorting the dimensions by stride, each stride must step over the whole extent of the smaller
     * ones: sufficient for every permuted or padded layout, and cheap.
     */
    private static void checkNoSelfOverlap(int batch, long batchStride, int m, long rowStride, int n) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        long[][] dims = {{n, 1}, {m, Math.abs(rowStride)}, {batch, Math.abs(batchStride)}};
        Arrays.sort(dims, (x, y) -> Long.compare(x[1], y[1]));
        long highest = 0;
        for (long[] d : dims) {
            if (d[0] == 1) {
                continue;
            }
            if (d[1] <= highest) {
                throw new GatunException("gemm: C's elements overlap (batch stride " + batchStride
                        + ", row stride " + rowStride + " for batch=" + batch + " m=" + m + " n=" + n + ")");
            }
            highest += d[1] * (d[0] - 1);
        }
    }
}
