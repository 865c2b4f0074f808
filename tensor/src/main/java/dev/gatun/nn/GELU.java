package dev.gatun.nn;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.FusedRows;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;

/**
 * The Gaussian error linear unit (Hendrycks and Gimpel, https://arxiv.org/abs/1606.08415), as
 * {@code torch.nn.GELU}: {@code approximate = "none"} gives the exact {@code x/2 (1 + erf(x/sqrt 2))},
 * {@code "tanh"} the tanh approximation used by GPT-2. No parameters.
 *
 * <p>Under {@link Autograd#noGrad()} an F32 input takes one fused pass ({@link FusedRows#activation});
 * otherwise the composition, the reference that pass is tested against.
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
        if (!Autograd.isGradEnabled() && x.dtype() == DType.F32 && x.rank() > 0) {
            Tensor out = Tensor.zeros(DType.F32, x.shape());                     // one pass, no graph to record
            FusedRows.activation(tanh ? ActivationSpec.Kind.GELU_TANH : ActivationSpec.Kind.GELU, x.contiguous(), out);
            return out;
        }
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
