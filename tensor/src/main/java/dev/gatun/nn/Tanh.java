package dev.gatun.nn;

import dev.gatun.tensor.Tensor;

/** Applies the hyperbolic tangent elementwise, as {@code torch.nn.Tanh}. No parameters. */
public final class Tanh extends Module implements Layer {
    public Tanh() {
    }

    @Override
    public Tensor forward(Tensor x) {
        return x.tanh();
    }
}
