package dev.gatun.models.vit;

import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * {@code act(dense(hidden[:, 0]))}: the CLS token's final state projected, as Hugging Face's
 * {@code ViTPooler} ({@code act} is {@code pooler_act}, tanh by default). State-dict keys: {@code dense}
 * ({@code pooler_output_size}, C) with bias.
 */
public final class ViTPooler extends Module implements Layer {
    private final Linear dense;
    private final Layer activation;

    public ViTPooler(ViTConfig config, RandomGenerator rng) {
        dense = registerModule("dense", new Linear(config.hiddenSize(), config.poolerOutputSize(), true, rng));
        activation = (Layer) registerModule("activation", ViTIntermediate.activation(config.poolerAct()));
    }

    /** (B, T, C) -> (B, pooler_output_size). */
    @Override
    public Tensor forward(Tensor hidden) {
        return activation.forward(dense.forward(hidden.select(1, 0)));
    }
}
