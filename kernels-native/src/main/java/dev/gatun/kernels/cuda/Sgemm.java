package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Shape;
import dev.gatun.tensor.kernels.GemmSpec;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The matrix product on the GPU (sgemm.cu): {@code C[b] = A[b] · B[b]}, C in F32, A and B in F32, F16 or
 * BF16. The dtypes choose the path: F16 × F16 and BF16 × BF16 run on tensor cores (WMMA, exact products,
 * F32 sums); F32 × F32 runs on CUDA cores in exact F32, or on tensor cores in TF32 when {@code tf32} is
 * asked for (as {@code torch.backends.cuda.matmul.allow_tf32}); mixed operands run on CUDA cores.
 *
 * <p>Two entry points: {@link #matmul} on device tensors, and {@link #run(GemmSpec, boolean)} for host
 * memory described by a {@link GemmSpec} (what {@link CudaBackend} does for existing code): each operand's
 * addressed span is copied to the device as it lies, strides and all, the product runs, and C's span is
 * copied back. A C with gaps between its rows is copied in first, so the gaps keep their values.
 *
 * {@snippet :
 * // y (T, N) = x (T, K) · Wᵀ, with W (N, K) as a Linear layer stores it
 * Sgemm.matmul(x, w, true, y, false, null);
 * }
 */
public final class Sgemm {
    private static final String NAME = "gemm";
    /** Row tiles of 64 in a grid dimension limited to 65535. */
    static final long MAX_ROWS = 64L * 65535;

    private Sgemm() {
    }

    /**
     * {@code c = a · b} (or {@code a · bᵀ} when {@code transposedB}): a (M, K) or (B, M, K); b (K, N), or
     * (N, K) when transposed, optionally with a leading batch B; c F32 (M, N), or (B, M, N) when a or b has
     * a batch. A 2-d operand is shared by every batch entry.
     */
    public static void matmul(CudaTensor a, CudaTensor b, boolean transposedB, CudaTensor c, boolean tf32,
                              CudaStream stream) {
        Checks.rank(NAME, "A", a, 2, 3);
        Checks.rank(NAME, "B", b, 2, 3);
        Checks.dtype(NAME, "A", a, DType.F32, DType.F16, DType.BF16);
        Checks.dtype(NAME, "B", b, DType.F32, DType.F16, DType.BF16);
        Checks.dtype(NAME, "C", c, DType.F32);
        int m = a.size(-2);
        int k = a.size(-1);
        int n = transposedB ? b.size(-2) : b.size(-1);
        int bk = transposedB ? b.size(-1) : b.size(-2);
        if (bk != k) {
            throw new GatunException(NAME + ": A " + Shape.toString(a.shape()) + " and B " + Shape.toString(b.shape())
                    + (transposedB ? " (transposed)" : "") + " do not agree on K");
        }
        boolean batched = a.rank() == 3 || b.rank() == 3;
        int batch = a.rank() == 3 ? a.size(0) : batched ? b.size(0) : 1;
        if (a.rank() == 3 && b.rank() == 3 && b.size(0) != batch) {
            throw new GatunException(NAME + ": A has batch " + batch + " but B has " + b.size(0));
        }
        Checks.shape(NAME, "C", c, batched ? new int[] {batch, m, n} : new int[] {m, n});
        Checks.distinct(NAME, "C", c, a, b);
        checkRows(m);
        Checks.ready(NAME, a, b, c);
        try (Arena arena = Arena.ofConfined()) {
            CudaKernel.Params p = CudaKernel.GEMM.allocate(arena)
                    .set("batch", batch).set("m", m).set("n", n).set("k", k)
                    .set("a_type", Checks.code(a.dtype())).set("b_type", Checks.code(b.dtype()))
                    .set("accumulate", false).set("path", path(a.dtype(), b.dtype(), tf32))
                    .pointer("a", Checks.address(a)).pointer("b", Checks.address(b)).pointer("c", Checks.address(c))
                    .array("a_strides", a.rank() == 3 ? (long) m * k : 0, k, 1)
                    .array("b_strides", b.rank() == 3 ? (long) k * n : 0, transposedB ? 1 : n, transposedB ? k : 1)
                    .array("c_strides", (long) m * n, n);
            CudaRuntime.launch(p, stream, NAME);
        }
    }

    /** Runs a host-memory product (any strides, as {@link GemmSpec} allows) on the GPU; not for F64. */
    public static void run(GemmSpec spec, boolean tf32) {
        if (spec.isF64()) {
            throw new GatunException(NAME + ": the CUDA backend has no F64 product");
        }
        checkRows(spec.m());
        int batch = spec.batch();
        int m = spec.m();
        int n = spec.n();
        int k = spec.k();
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        CudaRuntime.require();
        Span sa = Span.of(spec.aOffset(), batch, spec.aBatchStride(), m, spec.aRowStride(), k, spec.aColStride());
        Span sb = Span.of(spec.bOffset(), batch, spec.bBatchStride(), k, spec.bRowStride(), n, spec.bColStride());
        Span sc = Span.of(spec.cOffset(), batch, spec.cBatchStride(), m, spec.cRowStride(), n, 1);
        MemorySegment cHost = sc.slice(spec.c(), DType.F32);
        try (DeviceBuffer da = sa.upload(spec.a(), spec.aType());
             DeviceBuffer db = sb.upload(spec.b(), spec.bType());
             DeviceBuffer dc = DeviceBuffer.allocate(cHost.byteSize());
             Arena arena = Arena.ofConfined()) {
            if (spec.accumulate() || sc.count() != (long) batch * m * n) {
                dc.copyFrom(cHost);
            }
            CudaKernel.Params p = CudaKernel.GEMM.allocate(arena)
                    .set("batch", batch).set("m", m).set("n", n).set("k", k)
                    .set("a_type", Checks.code(spec.aType())).set("b_type", Checks.code(spec.bType()))
                    .set("accumulate", spec.accumulate()).set("path", path(spec.aType(), spec.bType(), tf32))
                    .pointer("a", sa.origin(da, spec.aType())).pointer("b", sb.origin(db, spec.bType()))
                    .pointer("c", sc.origin(dc, DType.F32))
                    .array("a_strides", spec.aBatchStride(), spec.aRowStride(), spec.aColStride())
                    .array("b_strides", spec.bBatchStride(), spec.bRowStride(), spec.bColStride())
                    .array("c_strides", spec.cBatchStride(), spec.cRowStride());
            CudaRuntime.launch(p, null, NAME);
            dc.copyTo(cHost); // synchronous, after the kernel on the default stream
        }
    }

    /** 1 (tensor cores) for F16 × F16, BF16 × BF16 and, when asked, F32 × F32 as TF32; else 0 (CUDA cores). */
    static long path(DType a, DType b, boolean tf32) {
        if (a != b) {
            return 0;
        }
        return a == DType.F16 || a == DType.BF16 || (a == DType.F32 && tf32) ? 1 : 0;
    }

    private static void checkRows(long m) {
        if (m > MAX_ROWS) {
            throw new GatunException(NAME + ": " + m + " rows exceed the CUDA kernel's grid (at most " + MAX_ROWS + ")");
        }
    }

    /**
     * The elements {@code offset + i·s0 + j·s1 + l·s2} of an operand, as the range {@code [first, first + count)}
     * of its segment (negative strides put elements below the offset). Empty when a dimension is.
     */
    record Span(long offset, long first, long count) {
        static Span of(long offset, long d0, long s0, long d1, long s1, long d2, long s2) {
            if (d0 == 0 || d1 == 0 || d2 == 0) {
                return new Span(offset, offset, 0);
            }
            long e0 = (d0 - 1) * s0;
            long e1 = (d1 - 1) * s1;
            long e2 = (d2 - 1) * s2;
            long lo = offset + Math.min(e0, 0) + Math.min(e1, 0) + Math.min(e2, 0);
            long hi = offset + Math.max(e0, 0) + Math.max(e1, 0) + Math.max(e2, 0);
            return new Span(offset, lo, hi - lo + 1);
        }

        MemorySegment slice(MemorySegment host, DType type) {
            return host.asSlice(type.byteSize(first), type.byteSize(count));
        }

        DeviceBuffer upload(MemorySegment host, DType type) {
            DeviceBuffer d = DeviceBuffer.allocate(type.byteSize(count));
            try {
                d.copyFrom(slice(host, type));
            } catch (RuntimeException e) {
                d.close();
                throw e;
            }
            return d;
        }

        /** The device address of element 0 (at {@code offset}) once the span lies in {@code device}. */
        long origin(DeviceBuffer device, DType type) {
            return count == 0 ? 0 : device.address() + type.byteSize(offset - first);
        }
    }
}
