package dev.gatun.models.bert;

import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * {@code tanh(dense(hidden[:, 0]))}: the first token's state projected, as Hugging Face's
 * {@code BertPooler}. State-dict keys: {@code dense} (C, C) with bias.
 */
public final class BertPooler extends Module implements Layer {
    private final Linear dense;

    public BertPooler(BertConfig config, RandomGenerator rng) {
        dense = registerModule("dense", new Linear(config.hiddenSize(), config.hiddenSize(), true, rng));
    }

    /** (B, T, C) -> (B, C). */
    @Override
    public Tensor forward(Tensor hidden) {
        return dense.forward(hidden.select(1, 0)).tanh();
    }
}
