package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;

/**
 * The row-wise kernels on the GPU (rows.cu), over the last dimension C of an F32 tensor, one block per
 * row; {@code out} has x's shape and may be x itself. References: {@link dev.gatun.tensor.Functional}'s
 * {@code softmax}, {@code layerNorm} and {@code rmsNorm}.
 * <ul>
 *   <li>{@link #softmax}: {@code out = exp(x - max) / Σ exp(x - max)}</li>
 *   <li>{@link #layerNorm}: {@code out = (x - mean) / sqrt(var + eps) · weight + bias}, biased variance</li>
 *   <li>{@link #rmsNorm}: {@code out = x / sqrt(mean(x²) + eps) · weight}</li>
 * </ul>
 * weight and bias (C) may be null.
 *
 * {@snippet :
 * Rows.layerNorm(x, gamma, beta, 1e-5, x, null);   // in place
 * }
 */
public final class Rows {
    private static final int SOFTMAX = 0;
    private static final int LAYER_NORM = 1;
    private static final int RMS_NORM = 2;

    private Rows() {
    }

    public static void softmax(CudaTensor x, CudaTensor out, CudaStream stream) {
        run(SOFTMAX, "softmax", x, null, null, 0, out, stream);
    }

    public static void layerNorm(CudaTensor x, CudaTensor weight, CudaTensor bias, double eps, CudaTensor out,
                                 CudaStream stream) {
        run(LAYER_NORM, "layer_norm", x, weight, bias, eps, out, stream);
    }

    public static void rmsNorm(CudaTensor x, CudaTensor weight, double eps, CudaTensor out, CudaStream stream) {
        run(RMS_NORM, "rms_norm", x, weight, null, eps, out, stream);
    }

    private static void run(int op, String name, CudaTensor x, CudaTensor weight, CudaTensor bias, double eps,
                            CudaTensor out, CudaStream stream) {
        Checks.dtype(name, "x", x, DType.F32);
        if (x.rank() < 1) {
            throw new GatunException(name + ": x must have rank >= 1, got a scalar");
        }
        int cols = x.size(-1);
        Checks.f32(name, "weight", weight, true, cols);
        Checks.f32(name, "bias", bias, true, cols);
        Checks.f32(name, "out", out, false, x.shape());
        Checks.distinct(name, "out", out, weight, bias);
        if (!(eps >= 0) || Double.isInfinite(eps)) {
            throw new GatunException(name + ": eps must be finite and >= 0, got " + eps);
        }
        int rows = Checks.rows(name, x.numel(), cols);
        Checks.ready(name, x, weight, bias, out);
        try (Arena arena = Arena.ofConfined()) {
            CudaKernel.Params p = CudaKernel.ROWS.allocate(arena)
                    .set("op", op).set("rows", rows).set("cols", cols).set("eps", eps)
                    .pointer("x", Checks.address(x)).pointer("weight", Checks.address(weight))
                    .pointer("bias", Checks.address(bias)).pointer("out", Checks.address(out));
            CudaRuntime.launch(p, stream, name);
        }
    }
}
