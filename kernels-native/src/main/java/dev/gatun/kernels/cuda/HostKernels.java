package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.backend.RmsNormSpec;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.backend.SoftmaxSpec;
import java.util.function.Function;

/**
 * Fused kernels of host tensors ({@link KernelSpec}s) run on the GPU for {@link CudaBackend}: the F32
 * operands are copied to the device in one {@link DeviceArena}, the kernel runs, and each output is
 * copied back into its (possibly strided) host tensor. Worth it for large operands; a model kept on the
 * device ({@link CudaTensor}) avoids the copies.
 */
final class HostKernels {
    private HostKernels() {
    }

    /** Whether {@code spec} has a CUDA kernel and all its floating-point operands are F32. */
    static boolean supports(KernelSpec spec) {
        return switch (spec) {
            case SoftmaxSpec s -> f32(s.x(), s.out());
            case LayerNormSpec s -> f32(s.x(), s.weight(), s.bias(), s.out());
            case RmsNormSpec s -> f32(s.x(), s.weight(), s.out());
            case ActivationSpec s -> f32(s.x(), s.out());
            case AttentionSpec s -> f32(s.q(), s.k(), s.v(), s.out()) && s.q().size(3) <= FlashAttention.MAX_HEAD_SIZE
                    && s.v().size(3) <= FlashAttention.MAX_HEAD_SIZE && s.q().size(1) <= 65535;
            case SelectiveScanSpec s -> f32(s.u(), s.delta(), s.a(), s.b(), s.c(), s.d(), s.z(), s.deltaBias(),
                    s.initialState(), s.out(), s.lastState()) && s.a().size(1) <= SelectiveScan.MAX_STATE;
            default -> false;
        };
    }

    static void execute(KernelSpec spec) {
        try (DeviceArena arena = new DeviceArena()) {
            Function<Tensor, CudaTensor> in = t -> t == null ? null : CudaTensor.toDevice(t, arena);
            Function<Tensor, CudaTensor> out = t -> t == null ? null : CudaTensor.empty(arena, DType.F32, t.shape());
            switch (spec) {
                case SoftmaxSpec s -> {
                    CudaTensor y = out.apply(s.out());
                    Rows.softmax(in.apply(s.x()), y, null);
                    back(y, s.out());
                }
                case LayerNormSpec s -> {
                    CudaTensor y = out.apply(s.out());
                    Rows.layerNorm(in.apply(s.x()), in.apply(s.weight()), in.apply(s.bias()), s.eps(), y, null);
                    back(y, s.out());
                }
                case RmsNormSpec s -> {
                    CudaTensor y = out.apply(s.out());
                    Rows.rmsNorm(in.apply(s.x()), in.apply(s.weight()), s.eps(), y, null);
                    back(y, s.out());
                }
                case ActivationSpec s -> {
                    CudaTensor y = out.apply(s.out());
                    Elementwise.activation(s.kind(), in.apply(s.x()), y, null);
                    back(y, s.out());
                }
                case AttentionSpec s -> {
                    CudaTensor y = out.apply(s.out());
                    FlashAttention.run(in.apply(s.q()), in.apply(s.k()), in.apply(s.v()), y, s.scale(), s.mask(), null);
                    back(y, s.out());
                }
                case SelectiveScanSpec s -> {
                    CudaTensor y = out.apply(s.out());
                    CudaTensor last = out.apply(s.lastState());
                    SelectiveScan.run(in.apply(s.u()), in.apply(s.delta()), in.apply(s.a()), in.apply(s.b()),
                            in.apply(s.c()), in.apply(s.d()), in.apply(s.z()), in.apply(s.deltaBias()),
                            s.deltaSoftplus(), in.apply(s.initialState()), y, last, null);
                    back(y, s.out());
                    if (last != null) {
                        back(last, s.lastState());
                    }
                }
                default -> throw new UnsupportedOperationException("the cuda backend does not support " + spec.kernel());
            }
        }
    }

    private static boolean f32(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null && t.dtype() != DType.F32) {
                return false;
            }
        }
        return true;
    }

    /** Copies a device result into the host output tensor (which may be a strided view). */
    private static void back(CudaTensor device, Tensor host) {
        if (host.isContiguous()) {
            device.buffer().copyTo(host.segment().asSlice(host.dtype().byteSize(host.offset()), device.byteSize()));
        } else {
            host.copy_(device.toHost());
        }
    }
}
