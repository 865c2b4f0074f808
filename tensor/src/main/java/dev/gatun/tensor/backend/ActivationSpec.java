package dev.gatun.tensor.backend;

import dev.gatun.tensor.Tensor;

/** An elementwise activation {@code out = f(x)}; x and out of one shape (out may be x itself). */
public record ActivationSpec(Kind kind, Tensor x, Tensor out) implements KernelSpec {

    /** The activation functions, named as in {@code torch.nn.functional}. */
    public enum Kind {
        /** {@code x/2 · (1 + erf(x/√2))}. */
        GELU,
        /** {@code x/2 · (1 + tanh(√(2/π) · (x + 0.044715 x³)))}, GELU(approximate="tanh"). */
        GELU_TANH,
        /** {@code x · sigmoid(x)}. */
        SILU
    }

    public ActivationSpec {
        if (kind == null) {
            throw new dev.gatun.tensor.GatunException("activation: the kind must be given");
        }
        SpecChecks.floating("activation", "x", x);
        SpecChecks.sameShape("activation", "out", out, x);
    }

    @Override
    public String kernel() {
        return "activation";
    }
}
