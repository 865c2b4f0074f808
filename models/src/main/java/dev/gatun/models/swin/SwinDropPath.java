package dev.gatun.models.swin;

import dev.gatun.nn.Layer;
import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Stochastic depth (Huang et al., https://arxiv.org/abs/1603.09382), as Hugging Face's {@code SwinDropPath}:
 * in training, each sample's residual branch is dropped with probability p and kept ones are scaled by
 * {@code 1/(1-p)}; the identity in evaluation. No parameters.
 */
public final class SwinDropPath extends Module implements Layer {
    private final double p;
    private final RandomGenerator rng;

    public SwinDropPath(double p, RandomGenerator rng) {
        if (!(p >= 0 && p < 1)) {
            throw new GatunException("drop path probability must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /** (B, ...) -> (B, ...), whole samples zeroed at random when training. */
    @Override
    public Tensor forward(Tensor x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        int[] shape = new int[x.rank()];
        java.util.Arrays.fill(shape, 1);
        shape[0] = x.size(0);
        Tensor keep = Tensor.rand(rng, x.dtype(), shape).ge(Tensor.scalar(x.dtype(), p)).to(x.dtype());  // (B, 1, ...)
        return x.mul(keep).div(1.0 - p);
    }

    public double p() {
        return p;
    }
}
