package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * {@code y = x W^T + b}, as {@code torch.nn.Linear}: input (..., in), output (..., out).
 *
 * <p>Parameters: {@code weight} (out, in) and, when enabled, {@code bias} (out), both F32 and
 * initialised from {@code U(-1/sqrt(in), 1/sqrt(in))} like PyTorch.
 *
 * {@snippet :
 * Linear proj = new Linear(768, 3072, true, new SplittableRandom(0));
 * Tensor y = proj.forward(x);   // (B, T, 768) -> (B, T, 3072)
 * }
 */
public final class Linear extends Module implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;

    /** A linear layer with weight (out, in) and, when {@code bias}, a bias (out). */
    public Linear(int inFeatures, int outFeatures, boolean bias, RandomGenerator rng) {
        if (inFeatures < 1 || outFeatures < 1) {
            throw new GatunException("Linear needs positive sizes, got in=" + inFeatures + ", out=" + outFeatures);
        }
        this.inFeatures = inFeatures;
        this.outFeatures = outFeatures;
        this.weight = registerParameter("weight", Init.defaultUniform_(Tensor.zeros(outFeatures, inFeatures),
                inFeatures, rng));
        this.bias = bias
                ? registerParameter("bias", Init.defaultUniform_(Tensor.zeros(outFeatures), inFeatures, rng))
                : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 1 || x.size(-1) != inFeatures) {
            throw new GatunException("Linear expects input (..., " + inFeatures + "), got " + Arrays.toString(x.shape()));
        }
        return Functional.linear(x, weight, bias);
    }

    /** The weight, (out, in). */
    public Tensor weight() {
        return weight;
    }

    /** The bias, (out), or null when the layer has none. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return inFeatures;
    }

    public int outFeatures() {
        return outFeatures;
    }

    @Override
    protected String extraRepr() {
        return "in_features=" + inFeatures + ", out_features=" + outFeatures + ", bias=" + (bias != null);
    }
}
