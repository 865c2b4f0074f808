package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * 1-D convolution over (B, Cin, L) giving (B, Cout, outL), as {@code torch.nn.Conv1d} with zero padding.
 * Mamba's short causal convolution is one with {@code groups = Cin} and {@code padding = kernel - 1}.
 *
 * <p>Parameters: {@code weight} (Cout, Cin/groups, k) and, when enabled, {@code bias} (Cout), both
 * initialised from {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))} with {@code fanIn = Cin/groups * k}.
 */
public final class Conv1d extends Module implements Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernelSize;
    private final int stride;
    private final int padding;
    private final int dilation;
    private final int groups;
    private final Tensor weight;
    private final Tensor bias;

    /** Stride 1, no padding, no dilation, one group and a bias. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, RandomGenerator rng) {
        this(inChannels, outChannels, kernelSize, 1, 0, 1, 1, true, rng);
    }

    /** The general form, with PyTorch's arguments in PyTorch's order. */
    public Conv1d(int inChannels, int outChannels, int kernelSize, int stride, int padding, int dilation,
                  int groups, boolean bias, RandomGenerator rng) {
        ConvChecks.channels("Conv1d", inChannels, outChannels, groups);
        ConvChecks.sizes("kernel_size", new int[] {kernelSize}, 1, 1);
        ConvChecks.sizes("stride", new int[] {stride}, 1, 1);
        ConvChecks.sizes("padding", new int[] {padding}, 1, 0);
        ConvChecks.sizes("dilation", new int[] {dilation}, 1, 1);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelSize = kernelSize;
        this.stride = stride;
        this.padding = padding;
        this.dilation = dilation;
        this.groups = groups;
        long fanIn = (long) inChannels / groups * kernelSize;
        this.weight = registerParameter("weight",
                Init.defaultUniform_(Tensor.zeros(outChannels, inChannels / groups, kernelSize), fanIn, rng));
        this.bias = bias ? registerParameter("bias", Init.defaultUniform_(Tensor.zeros(outChannels), fanIn, rng)) : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() != 3 || x.size(1) != inChannels) {
            throw new GatunException("Conv1d expects input (B, " + inChannels + ", L), got " + Arrays.toString(x.shape()));
        }
        return Functional.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** The weight, (Cout, Cin/groups, k). */
    public Tensor weight() {
        return weight;
    }

    /** The bias, (Cout), or null when there is none. */
    public Tensor bias() {
        return bias;
    }

    @Override
    protected String extraRepr() {
        return inChannels + ", " + outChannels + ", kernel_size=" + kernelSize + ", stride=" + stride + ", padding="
                + padding + ", dilation=" + dilation + ", groups=" + groups + ", bias=" + (bias != null);
    }
}
