package dev.gatun.kernels.cuda;

import static dev.gatun.tensor.DType.BF16;
import static dev.gatun.tensor.DType.F16;
import static dev.gatun.tensor.DType.F32;
import static dev.gatun.tensor.DType.F64;
import static dev.gatun.tensor.DType.I32;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.kernels.GemmSpec;
import java.lang.foreign.Arena;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Bad shapes, dtypes and arguments are refused in Java, with a message naming the kernel and the operand,
 * before any native call: the operands here are placeholders with no device memory, so a call that got
 * past the checks could only stop at "no CUDA device" (or, with a device, at "is closed").
 */
class CudaValidationTest {

    private static CudaTensor t(DType type, int... shape) {
        return CudaTensor.placeholder(type, shape);
    }

    private static void rejects(String expected, Executable call) {
        GatunException e = assertThrows(GatunException.class, call);
        assertTrue(e.getMessage().contains(expected), () -> "expected '" + expected + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().startsWith("no CUDA device"), "validation should come before the device check");
    }

    /** A well-formed call passes validation and stops only at the device (or the closed placeholder). */
    private static void passesValidation(Executable call) {
        GatunException e = assertThrows(GatunException.class, call);
        assertTrue(e.getMessage().startsWith("no CUDA device") || e.getMessage().contains("is closed"), e.getMessage());
    }

    @Test
    void gemm() {
        rejects("A must have rank", () -> Sgemm.matmul(t(F32, 5), t(F32, 5, 2), false, t(F32, 1, 2), false, null));
        rejects("A must be one of", () -> Sgemm.matmul(t(I32, 3, 5), t(F32, 5, 2), false, t(F32, 3, 2), false, null));
        rejects("B must be one of", () -> Sgemm.matmul(t(F32, 3, 5), t(F64, 5, 2), false, t(F32, 3, 2), false, null));
        rejects("C must be f32", () -> Sgemm.matmul(t(F32, 3, 5), t(F32, 5, 2), false, t(BF16, 3, 2), false, null));
        rejects("do not agree on K", () -> Sgemm.matmul(t(F32, 3, 5), t(F32, 4, 2), false, t(F32, 3, 2), false, null));
        rejects("do not agree on K", () -> Sgemm.matmul(t(F32, 3, 5), t(F32, 5, 2), true, t(F32, 3, 2), false, null));
        rejects("C must have shape [3, 2]", () -> Sgemm.matmul(t(F32, 3, 5), t(F32, 5, 2), false, t(F32, 2, 3), false, null));
        rejects("batch 4 but B has 3", () -> Sgemm.matmul(t(F32, 4, 3, 5), t(F32, 3, 5, 2), false, t(F32, 4, 3, 2), false, null));
        rejects("C must have shape [4, 3, 2]", () -> Sgemm.matmul(t(F32, 4, 3, 5), t(F32, 5, 2), false, t(F32, 3, 2), false, null));
        CudaTensor a = t(F32, 3, 3);
        rejects("C must not be one of the inputs", () -> Sgemm.matmul(a, t(F32, 3, 3), false, a, false, null));
        passesValidation(() -> Sgemm.matmul(t(BF16, 2, 7, 5), t(BF16, 9, 5), true, t(F32, 2, 7, 9), false, null));
        passesValidation(() -> Sgemm.matmul(t(F16, 0, 5), t(F32, 5, 0), false, t(F32, 0, 0), true, null));
    }

    @Test
    void gemmOnHostMemory() {
        try (Arena arena = Arena.ofConfined()) {
            var seg = arena.allocate(64);
            GemmSpec f64 = new GemmSpec(1, 2, 2, 2, F64, seg, 0, 0, 2, 1, F64, seg, 0, 0, 2, 1, F64, arena.allocate(32), 0, 0, 2,
                    false);
            rejects("no F64 product", () -> Sgemm.run(f64, false));
        }
    }

    @Test
    void groupedGemm() {
        rejects("W must be (E, N, K)", () -> GroupedGemm.run(t(F32, 5, 4), t(F32, 3, 6, 5), new long[] {0, 1, 2, 5}, t(F32, 5, 6), null));
        rejects("E + 1 = 4 entries", () -> GroupedGemm.run(t(F32, 5, 4), t(F32, 3, 6, 4), new long[] {0, 5}, t(F32, 5, 6), null));
        rejects("from 0 to T = 5", () -> GroupedGemm.run(t(F32, 5, 4), t(F32, 3, 6, 4), new long[] {0, 1, 2, 4}, t(F32, 5, 6), null));
        rejects("must not decrease", () -> GroupedGemm.run(t(F32, 5, 4), t(F32, 3, 6, 4), new long[] {0, 3, 2, 5}, t(F32, 5, 6), null));
        rejects("out must have shape [5, 6]", () -> GroupedGemm.run(t(F32, 5, 4), t(F32, 3, 6, 4), new long[] {0, 1, 2, 5}, t(F32, 6, 5), null));
        rejects("x must be one of", () -> GroupedGemm.run(t(I32, 5, 4), t(F32, 3, 6, 4), new long[] {0, 1, 2, 5}, t(F32, 5, 6), null));
        passesValidation(() -> GroupedGemm.run(t(BF16, 5, 4), t(BF16, 3, 6, 4), new long[] {0, 2, 2, 5}, t(F32, 5, 6), null));
    }

    @Test
    void attention() {
        AttentionMask none = AttentionMask.NONE;
        rejects("q must have rank [4]", () -> FlashAttention.run(t(F32, 2, 3, 4), t(F32, 1, 1, 3, 4), t(F32, 1, 1, 3, 4),
                t(F32, 1, 1, 3, 4), 1, none, null));
        rejects("q must be f32", () -> FlashAttention.run(t(BF16, 1, 2, 3, 4), t(F32, 1, 2, 3, 4), t(F32, 1, 2, 3, 4),
                t(F32, 1, 2, 3, 4), 1, none, null));
        rejects("k must have shape [1, 2, 5, 4]", () -> FlashAttention.run(t(F32, 1, 2, 3, 4), t(F32, 1, 2, 5, 8),
                t(F32, 1, 2, 5, 4), t(F32, 1, 2, 3, 4), 1, none, null));
        rejects("multiple of Hkv", () -> FlashAttention.run(t(F32, 1, 3, 3, 4), t(F32, 1, 2, 5, 4), t(F32, 1, 2, 5, 4),
                t(F32, 1, 3, 3, 4), 1, none, null));
        rejects("exceed the CUDA kernel's 128", () -> FlashAttention.run(t(F32, 1, 1, 3, 130), t(F32, 1, 1, 5, 130),
                t(F32, 1, 1, 5, 4), t(F32, 1, 1, 3, 4), 1, none, null));
        rejects("out must have shape [1, 1, 3, 6]", () -> FlashAttention.run(t(F32, 1, 1, 3, 4), t(F32, 1, 1, 5, 4),
                t(F32, 1, 1, 5, 6), t(F32, 1, 1, 3, 4), 1, none, null));
        CudaTensor q = t(F32, 1, 1, 3, 4);
        rejects("out must not be one of the inputs", () -> FlashAttention.run(q, t(F32, 1, 1, 3, 4), t(F32, 1, 1, 3, 4), q, 1,
                none, null));
        rejects("scale must be finite", () -> FlashAttention.run(t(F32, 1, 1, 3, 4), t(F32, 1, 1, 5, 4), t(F32, 1, 1, 5, 4),
                t(F32, 1, 1, 3, 4), Double.NaN, none, null));
        rejects("mask must be given", () -> FlashAttention.run(t(F32, 1, 1, 3, 4), t(F32, 1, 1, 5, 4), t(F32, 1, 1, 5, 4),
                t(F32, 1, 1, 3, 4), 1, null, null));
        AttentionMask padding = none.withKeyMask(Tensor.zeros(DType.BOOL, 1, 4));
        rejects("key mask has shape [1, 4]", () -> FlashAttention.run(t(F32, 1, 1, 3, 4), t(F32, 1, 1, 5, 4),
                t(F32, 1, 1, 5, 4), t(F32, 1, 1, 3, 4), 1, padding, null));
        passesValidation(() -> FlashAttention.run(t(F32, 2, 4, 3, 128), t(F32, 2, 2, 5, 128), t(F32, 2, 2, 5, 7),
                t(F32, 2, 4, 3, 7), 0.1, none.withCausal(true), null));
    }

    @Test
    void rows() {
        rejects("x must be f32", () -> Rows.softmax(t(BF16, 3, 4), t(F32, 3, 4), null));
        rejects("x must have rank >= 1", () -> Rows.softmax(t(F32), t(F32), null));
        rejects("out must have shape [3, 4]", () -> Rows.softmax(t(F32, 3, 4), t(F32, 4, 3), null));
        rejects("weight must have shape [4]", () -> Rows.layerNorm(t(F32, 3, 4), t(F32, 3), null, 1e-5, t(F32, 3, 4), null));
        rejects("bias must be f32", () -> Rows.layerNorm(t(F32, 3, 4), null, t(F16, 4), 1e-5, t(F32, 3, 4), null));
        rejects("eps must be finite", () -> Rows.rmsNorm(t(F32, 3, 4), null, -1, t(F32, 3, 4), null));
        CudaTensor w = t(F32, 4);
        rejects("out must not be one of the inputs", () -> Rows.rmsNorm(t(F32, 4), w, 1e-6, w, null));
        CudaTensor x = t(F32, 3, 4);
        passesValidation(() -> Rows.layerNorm(x, t(F32, 4), t(F32, 4), 1e-5, x, null));
    }

    @Test
    void elementwise() {
        rejects("y must have shape [3, 4]", () -> Elementwise.add(t(F32, 3, 4), t(F32, 4), t(F32, 3, 4), null));
        rejects("y must be given", () -> Elementwise.mul(t(F32, 3, 4), null, t(F32, 3, 4), null));
        rejects("x must be f32", () -> Elementwise.activation(ActivationSpec.Kind.SILU, t(F64, 3), t(F32, 3), null));
        rejects("kind must be given", () -> Elementwise.activation(null, t(F32, 3), t(F32, 3), null));
        passesValidation(() -> Elementwise.activation(ActivationSpec.Kind.GELU, t(F32, 0), t(F32, 0), null));
    }

    @Test
    void selectiveScan() {
        int b = 2;
        int c = 3;
        int l = 5;
        int n = 4;
        rejects("u must have rank [3]", () -> SelectiveScan.run(t(F32, c, l), t(F32, b, c, l), t(F32, c, n), t(F32, b, n, l),
                t(F32, b, n, l), null, null, null, false, null, t(F32, b, c, l), null, null));
        rejects("B must have shape [2, 4, 5]", () -> SelectiveScan.run(t(F32, b, c, l), t(F32, b, c, l), t(F32, c, n),
                t(F32, b, l, n), t(F32, b, n, l), null, null, null, false, null, t(F32, b, c, l), null, null));
        rejects("delta must be f32", () -> SelectiveScan.run(t(F32, b, c, l), t(BF16, b, c, l), t(F32, c, n),
                t(F32, b, n, l), t(F32, b, n, l), null, null, null, false, null, t(F32, b, c, l), null, null));
        rejects("N = 300 exceeds", () -> SelectiveScan.run(t(F32, b, c, l), t(F32, b, c, l), t(F32, c, 300),
                t(F32, b, 300, l), t(F32, b, 300, l), null, null, null, false, null, t(F32, b, c, l), null, null));
        rejects("initial state must have shape [2, 3, 4]", () -> SelectiveScan.run(t(F32, b, c, l), t(F32, b, c, l),
                t(F32, c, n), t(F32, b, n, l), t(F32, b, n, l), null, null, null, false, t(F32, b, n, c), t(F32, b, c, l),
                null, null));
        CudaTensor u = t(F32, b, c, l);
        rejects("out must not be one of the inputs", () -> SelectiveScan.run(u, t(F32, b, c, l), t(F32, c, n),
                t(F32, b, n, l), t(F32, b, n, l), null, null, null, false, null, u, null, null));
        CudaTensor state = t(F32, b, c, n);
        passesValidation(() -> SelectiveScan.run(t(F32, b, c, l), t(F32, b, c, l), t(F32, c, n), t(F32, b, n, l),
                t(F32, b, n, l), t(F32, c), t(F32, b, c, l), t(F32, c), true, state, t(F32, b, c, l), state, null));
    }

    @Test
    void buffersAndTensors() {
        rejects("does not fit", () -> DeviceBuffer.none(16).copyFrom(Arena.ofAuto().allocate(32)));
        rejects("does not fit", () -> DeviceBuffer.none(16).copyTo(Arena.ofAuto().allocate(8), 12));
        rejects("negative size", () -> CudaTensor.placeholder(F32, 3, -1));
        rejects("expected f32 [2, 2]", () -> t(F32, 2, 2).copyFrom(Tensor.zeros(F32, 4)));
        rejects("dimension 2 out of range", () -> t(F32, 2, 2).size(2));
        rejects("device buffer size must be >= 0", () -> DeviceBuffer.allocate(-1));
    }
}
