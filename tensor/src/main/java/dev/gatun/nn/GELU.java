package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel, https://arxiv.org/abs/1606.08415), as
 * {@code torch.nn.GELU}: {@code approximate = "none"} gives the exact {@code x/2 (1 + erf(x/sqrt 2))},
 * {@code "tanh"} the tanh approximation used by GPT-2. No parameters.
 */
public final class GELU extends Module implements Layer {
    private final boolean tanh;

    /** The exact form. */
    public GELU() {
        this("none");
    }

    /** {@code approximate} is {@code "none"} or {@code "tanh"}, as in PyTorch. */
    public GELU(String approximate) {
        this.tanh = switch (approximate) {
            case "none" -> false;
            case "tanh" -> true;
            default -> throw new GatunException("GELU approximate must be 'none' or 'tanh', got '" + approximate + "'");
        };
    }

    @Override
    public Tensor forward(Tensor x) {
        return tanh ? Functional.geluTanh(x) : Functional.gelu(x);
    }

    /** {@code "none"} or {@code "tanh"}. */
    public String approximate() {
        return tanh ? "tanh" : "none";
    }

    @Override
    protected String extraRepr() {
        return "approximate='" + approximate() + "'";
    }
}
