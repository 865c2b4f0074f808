package dev.gatun.models.vit;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The projection after attention, as Hugging Face's {@code ViTSelfOutput}: {@code dense(x)}. Unlike
 * BERT's, it adds no residual and no norm; {@link ViTLayer} adds the residual.
 *
 * <p>State-dict keys: {@code dense} (C, C) with bias.
 */
public final class ViTSelfOutput extends Module implements Layer {
    private final Linear dense;
    private final Dropout dropout;

    public ViTSelfOutput(ViTConfig config, RandomGenerator rng) {
        int c = config.hiddenSize();
        dense = registerModule("dense", new Linear(c, c, true, rng));
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /** (B, T, C) -> (B, T, C). */
    @Override
    public Tensor forward(Tensor hidden) {
        return dropout.forward(dense.forward(hidden));
    }
}
