package dev.gatun.models.bert;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The second half of the feed-forward block, as Hugging Face's {@code BertOutput}:
 * {@code LayerNorm(dense(x) + input)}, narrowing {@code intermediate_size} back to C.
 *
 * <p>State-dict keys: {@code dense} (C, intermediate) with bias, {@code LayerNorm}.
 */
public final class BertOutput extends Module {
    private final Linear dense;
    private final LayerNorm layerNorm;
    private final Dropout dropout;

    public BertOutput(BertConfig config, RandomGenerator rng) {
        int c = config.hiddenSize();
        dense = registerModule("dense", new Linear(config.intermediateSize(), c, true, rng));
        layerNorm = registerModule("LayerNorm", new LayerNorm(new int[] {c}, config.layerNormEps(), true));
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /** {@code hidden} (B, T, intermediate), {@code input} (B, T, C) the residual: (B, T, C). */
    public Tensor forward(Tensor hidden, Tensor input) {
        return layerNorm.forward(dropout.forward(dense.forward(hidden)).add(input));
    }
}
