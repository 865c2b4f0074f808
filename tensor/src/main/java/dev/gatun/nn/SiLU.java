package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Tensor;

/** Applies {@code x * sigmoid(x)} (also called swish) elementwise, as {@code torch.nn.SiLU}. No parameters. */
public final class SiLU extends Module implements Layer {
    public SiLU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.silu(x);
    }
}
