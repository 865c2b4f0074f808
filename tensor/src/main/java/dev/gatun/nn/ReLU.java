package dev.gatun.nn;

import dev.gatun.tensor.Tensor;

/** Applies {@code max(x, 0)} elementwise, as {@code torch.nn.ReLU}. No parameters. */
public final class ReLU extends Module implements Layer {
    public ReLU() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.relu();
    }
}
