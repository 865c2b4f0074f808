package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * 2-D convolution over (B, Cin, H, W) giving (B, Cout, outH, outW), as {@code torch.nn.Conv2d} with zero
 * padding. Sizes per spatial dimension are (h, w) pairs.
 *
 * <p>Parameters: {@code weight} (Cout, Cin/groups, kh, kw) and, when enabled, {@code bias} (Cout), both
 * initialised from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with {@code fanIn = Cin/groups * kh * kw},
 * as PyTorch does.
 */
public final class Conv2d extends Module implements Layer {
    private final int inChannels;
    private final int outChannels;
    private final int[] kernelSize;
    private final int[] stride;
    private final int[] padding;
    private final int[] dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    /** A square kernel with stride 1, no padding, no dilation, one group and a bias. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, RandomGenerator rng) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, rng);
    }

    /** A square kernel with the same stride, padding and dilation in both dimensions. */
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation,
                  int groups, boolean bias, RandomGenerator rng) {
        this(inChannels, outChannels, pair(kernelSize), pair(stride), pair(padding), pair(dilation), groups, bias, rng);
    }

    /** The general form: kernel, stride, padding and dilation as (h, w) pairs. */
    public Conv2d(int inChannels, int outChannels, int[] kernelSize, int[] stride, int[] padding, int[] dilation,
                  int groups, boolean bias, RandomGenerator rng) {
        ConvChecks.channels("Conv2d", inChannels, outChannels, groups);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = ConvChecks.sizes("kernel_size", kernelSize, 2, 1);
        this.stride = ConvChecks.sizes("stride", stride, 2, 1);
        this.padding = ConvChecks.sizes("padding", padding, 2, 0);
        this.dilation = ConvChecks.sizes("dilation", dilation, 2, 1);
        this.groups = groups;
        long fanIn = (long) inChannels / groups * this.kernelSize[0] * this.kernelSize[1];
        this.weight = registerParameter("weight", Init.defaultUniform_(Tensor.zeros(outChannels, inChannels / groups,
                this.kernelSize[0], this.kernelSize[1]), fanIn, rng));
        this.bias = bias ? registerParameter("bias", Init.defaultUniform_(Tensor.zeros(outChannels), fanIn, rng)) : null;
    }

    private static int[] pair(int v) {
        return new int[] {v, v};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 4 || x.size(1) != inChannels) {
            throw new GatunException("Conv2d expects input (B, " + inChannels + ", H, W), got "
                    + Arrays.toString(x.shape()));
        }
        return Functional.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** The weight, (Cout, Cin/groups, kh, kw). */
    public Tensor weight() {
        return weight;
    }

    /** The bias, (Cout), or null when there is none. */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + Arrays.toString(kernelSize) + ", stride="
                + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding) + ", dilation="
                + Arrays.toString(dilation) + ", groups=" + groups + ", bias=" + (bias != null);
    }
}
