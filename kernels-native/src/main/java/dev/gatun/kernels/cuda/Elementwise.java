package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.backend.ActivationSpec;
import java.lang.foreign.Arena;

/**
 * Elementwise kernels on the GPU (elementwise.cu) over F32 tensors of one shape (no broadcasting):
 * {@code out = x + y}, {@code out = x · y}, and the activations of {@link ActivationSpec.Kind} (GELU,
 * its tanh approximation, SiLU) with the formulas of {@code torch.nn.functional}. out may be an input.
 *
 * {@snippet :
 * Elementwise.activation(ActivationSpec.Kind.SILU, gate, gate, null);
 * Elementwise.mul(gate, up, gate, null);
 * }
 */
public final class Elementwise {
    private static final int ADD = 0;
    private static final int MUL = 1;

    private Elementwise() {
    }

    public static void add(CudaTensor x, CudaTensor y, CudaTensor out, CudaStream stream) {
        run(ADD, "add", x, y, out, stream);
    }

    public static void mul(CudaTensor x, CudaTensor y, CudaTensor out, CudaStream stream) {
        run(MUL, "mul", x, y, out, stream);
    }

    public static void activation(ActivationSpec.Kind kind, CudaTensor x, CudaTensor out, CudaStream stream) {
        if (kind == null) {
            throw new dev.gatun.tensor.GatunException("activation: the kind must be given");
        }
        int op = switch (kind) {
            case GELU -> 2;
            case GELU_TANH -> 3;
            case SILU -> 4;
        };
        run(op, "activation", x, null, out, stream);
    }

    private static void run(int op, String name, CudaTensor x, CudaTensor y, CudaTensor out, CudaStream stream) {
        Checks.dtype(name, "x", x, DType.F32);
        if (op == ADD || op == MUL) {
            Checks.f32(name, "y", y, false, x.shape());
        }
        Checks.f32(name, "out", out, false, x.shape());
        Checks.ready(name, x, y, out);
        try (Arena arena = Arena.ofConfined()) {
            CudaKernel.Params p = CudaKernel.ELEMENTWISE.allocate(arena)
                    .set("op", op).set("n", x.numel())
                    .pointer("x", Checks.address(x)).pointer("y", Checks.address(y)).pointer("out", Checks.address(out));
            CudaRuntime.launch(p, stream, name);
        }
    }
}
