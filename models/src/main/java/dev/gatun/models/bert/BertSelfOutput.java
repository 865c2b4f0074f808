package dev.gatun.models.bert;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The projection after attention, added to the attention's input and layer-normalised (post-norm), as
 * Hugging Face's {@code BertSelfOutput}: {@code LayerNorm(dense(x) + input)}.
 *
 * <p>State-dict keys: {@code dense} (C, C) with bias, {@code LayerNorm}.
 */
public final class BertSelfOutput extends Module {
    private final Linear dense;
    private final LayerNorm layerNorm;
    private final Dropout dropout;

    public BertSelfOutput(BertConfig config, RandomGenerator rng) {
        int c = config.hiddenSize();
        dense = registerModule("dense", new Linear(c, c, true, rng));
        layerNorm = registerModule("LayerNorm", new LayerNorm(new int[] {c}, config.layerNormEps(), true));
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /** {@code hidden} (B, T, C) from attention, {@code input} (B, T, C) the residual: (B, T, C). */
    public Tensor forward(Tensor hidden, Tensor input) {
        return layerNorm.forward(dropout.forward(dense.forward(hidden)).add(input));
    }
}
