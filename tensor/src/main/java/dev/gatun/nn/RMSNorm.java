package dev.gatun.nn;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;

/**
 * Root-mean-square normalisation over the last dimension, as {@code torch.nn.RMSNorm} (Zhang and
 * Sennrich, 2019, https://arxiv.org/abs/1910.07467): {@code y = x / sqrt(mean(x^2) + eps) * weight}.
 *
 * <p>Parameter: {@code weight} (dim) of ones.
 */
public final class RMSNorm extends Module implements Layer {
    private final int dim;
    private final double eps;
    private final Tensor weight;

    /** Normalises the last dimension of size {@code dim}; {@code eps} is added to the mean square. */
    public RMSNorm(int dim, double eps) {
        if (dim < 1 || !(eps >= 0)) {
            throw new GatunException("RMSNorm needs dim >= 1 and eps >= 0, got dim=" + dim + ", eps=" + eps);
        }
        this.dim = dim;
        this.eps = eps;
        this.weight = registerParameter("weight", Tensor.ones(DType.F32, dim));
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != dim) {
            throw new GatunException("RMSNorm expects input (..., " + dim + "), got " + Arrays.toString(x.shape()));
        }
        return Functional.rmsNorm(x, weight, eps);
    }

    /** The weight, (dim). */
    public Tensor weight() {
        return weight;
    }

    public double eps() {
        return eps;
    }

    @Override
    protected String extraRepr() {
        return "(" + dim + ",), eps=" + eps;
    }
}
