package dev.gatun.nn;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.PackedLinear;
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
 *
 * <p><b>Inference.</b> In evaluation mode and under {@link Autograd#noGrad()}, and while the weight has
 * no gradient, {@code forward} packs the weight once ({@link PackedLinear}) and reuses the packing on
 * every later call; the result is the same product up to float rounding. The packing is a snapshot, so
 * it is dropped whenever the weight may change: on every forward that records a graph (the only way to
 * a gradient, hence to an optimizer step), on {@link #train(boolean)} and on
 * {@link Module#loadStateDict}. Code that writes into the weight's memory directly, outside those, must
 * call {@link #parametersChanged()} afterwards.
 */
public final class Linear extends Module implements Layer {
    private final int inFeatures;
    private final int outFeatures;
    private final Tensor weight;
    private final Tensor bias;
    /** The weight packed for inference, or null; replaced whole, so readers on other threads see a complete one. */
    private volatile PackedLinear packed;

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
        if (Autograd.isGradEnabled() || isTraining() || weight.grad() != null) {
            packed = null;
            return Functional.linear(x, weight, bias);
        }
        PackedLinear p = packed;
        if (p == null || !p.isOf(weight, bias)) {
            p = PackedLinear.of(weight, bias);
            packed = p;
        }
        return p.forward(x);
    }

    @Override
    public void parametersChanged() {
        packed = null;
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
