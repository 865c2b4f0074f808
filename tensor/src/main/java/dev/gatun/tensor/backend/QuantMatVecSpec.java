package dev.gatun.tensor.backend;

import dev.gatun.tensor.Quantized;
import dev.gatun.tensor.Tensor;

/**
 * {@code out = x · Wᵀ} for a block-quantized weight W (n, k) ({@link Quantized}): x (m, k), out (m, n).
 * Named for its main use, the matrix-vector products of decoding (m = 1), but any m is allowed.
 */
public record QuantMatVecSpec(Quantized weight, Tensor x, Tensor out) implements KernelSpec {

    public QuantMatVecSpec {
        if (weight == null) {
            throw new dev.gatun.tensor.GatunException("quant_matvec: the weight must be given");
        }
        SpecChecks.floating("quant_matvec", "x", x);
        if (x.rank() != 2) {
            throw new dev.gatun.tensor.GatunException("quant_matvec: x must be (m, " + weight.cols() + "), got "
                    + dev.gatun.tensor.Shape.toString(x.shape()));
        }
        SpecChecks.shape("quant_matvec", "x", x, x.size(0), weight.cols());
        SpecChecks.shape("quant_matvec", "out", out, x.size(0), weight.rows());
    }

    @Override
    public String kernel() {
        return "quant_matvec";
    }
}
