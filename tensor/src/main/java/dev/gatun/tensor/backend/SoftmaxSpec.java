package dev.gatun.tensor.backend;

import dev.gatun.tensor.Tensor;

/** {@code out = softmax(x)} along the last dimension; x and out of one shape (out may be x itself). */
public record SoftmaxSpec(Tensor x, Tensor out) implements KernelSpec {

    public SoftmaxSpec {
        SpecChecks.rankAtLeast("softmax", "x", x, 1);
        SpecChecks.sameShape("softmax", "out", out, x);
    }

    @Override
    public String kernel() {
        return "softmax";
    }
}
