package dev.gatun.kernels.cuda;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The mixture-of-experts product in one launch (grouped_gemm.cu): tokens sorted by expert, rows
 * {@code offsets[e] .. offsets[e+1]} of x (T, K) go to expert e, and {@code out[t] = x[t] · W[e]ᵀ} with
 * W (E, N, K), each expert's weight laid out as a Linear layer's. x and W are F32, F16 or BF16; out is F32
 * (T, N). An expert with no token costs nothing.
 *
 * {@snippet :
 * // 5 tokens: 2 for expert 0, none for expert 1, 3 for expert 2
 * GroupedGemm.run(x, w, new long[] {0, 2, 2, 5}, out, null);
 * }
 */
public final class GroupedGemm {
    private static final String NAME = "grouped_gemm";

    private GroupedGemm() {
    }

    /** Runs the grouped product; {@code offsets} (E + 1) are host values, non-decreasing from 0 to T. */
    public static void run(CudaTensor x, CudaTensor w, long[] offsets, CudaTensor out, CudaStream stream) {
        Checks.rank(NAME, "x", x, 2);
        Checks.rank(NAME, "W", w, 3);
        Checks.dtype(NAME, "x", x, DType.F32, DType.F16, DType.BF16);
        Checks.dtype(NAME, "W", w, DType.F32, DType.F16, DType.BF16);
        int tokens = x.size(0);
        int k = x.size(1);
        int experts = w.size(0);
        int n = w.size(1);
        if (w.size(2) != k) {
            throw new GatunException(NAME + ": W must be (E, N, K) with K = " + k + " as x, got K = " + w.size(2));
        }
        long maxRows = checkOffsets(offsets, experts, tokens);
        Checks.f32(NAME, "out", out, false, tokens, n);
        Checks.distinct(NAME, "out", out, x, w);
        if (maxRows > Sgemm.MAX_ROWS) {
            throw new GatunException(NAME + ": a group of " + maxRows + " rows exceeds the kernel's grid");
        }
        Checks.ready(NAME, x, w, out);
        try (Arena arena = Arena.ofConfined();
             DeviceBuffer deviceOffsets = DeviceBuffer.allocate(8L * offsets.length)) {
            deviceOffsets.copyFrom(arena.allocateFrom(JAVA_LONG, offsets));
            CudaKernel.Params p = CudaKernel.GROUPED_GEMM.allocate(arena)
                    .set("experts", experts).set("tokens", tokens).set("n", n).set("k", k).set("max_rows", maxRows)
                    .set("x_type", Checks.code(x.dtype())).set("w_type", Checks.code(w.dtype()))
                    .pointer("x", Checks.address(x)).pointer("w", Checks.address(w))
                    .pointer("offsets", deviceOffsets.address()).pointer("out", Checks.address(out));
            CudaRuntime.launch(p, stream, NAME);
            CudaStream.synchronize(stream); // the offsets buffer is freed next
        }
    }

    /** Checks the group boundaries and returns the largest group. */
    static long checkOffsets(long[] offsets, int experts, int tokens) {
        if (offsets == null || offsets.length != experts + 1) {
            throw new GatunException(NAME + ": offsets must have E + 1 = " + (experts + 1) + " entries, got "
                    + (offsets == null ? "none" : offsets.length));
        }
        if (offsets[0] != 0 || offsets[experts] != tokens) {
            throw new GatunException(NAME + ": offsets must run from 0 to T = " + tokens + ", got " + offsets[0] + " .. "
                    + offsets[experts]);
        }
        long max = 0;
        for (int e = 0; e < experts; e++) {
            long rows = offsets[e + 1] - offsets[e];
            if (rows < 0) {
                throw new GatunException(NAME + ": offsets must not decrease, but offsets[" + (e + 1) + "] = "
                        + offsets[e + 1] + " < offsets[" + e + "] = " + offsets[e]);
            }
            max = Math.max(max, rows);
        }
        return max;
    }
}
