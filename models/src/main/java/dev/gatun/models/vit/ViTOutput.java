package dev.gatun.models.vit;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The second half of the feed-forward block with its residual, as Hugging Face's {@code ViTOutput}:
 * {@code dense(x) + input}, narrowing {@code intermediate_size} back to C. (Not a model output: that is
 * {@link ViTModelOutput}.)
 *
 * <p>State-dict keys: {@code dense} (C, intermediate) with bias.
 */
public final class ViTOutput extends Module {
    private final Linear dense;
    private final Dropout dropout;

    public ViTOutput(ViTConfig config, RandomGenerator rng) {
        dense = registerModule("dense", new Linear(config.intermediateSize(), config.hiddenSize(), true, rng));
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /** {@code hidden} (B, T, intermediate), {@code input} (B, T, C) the residual: (B, T, C). */
    public Tensor forward(Tensor hidden, Tensor input) {
        return dropout.forward(dense.forward(hidden)).add(input);
    }
}
