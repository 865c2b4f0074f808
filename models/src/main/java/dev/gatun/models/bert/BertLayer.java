package dev.gatun.models.bert;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * One post-norm encoder layer, as Hugging Face's {@code BertLayer}: attention, then the feed-forward
 * block, each with its residual and layer norm. State-dict keys: {@code attention.*},
 * {@code intermediate.*}, {@code output.*}.
 */
public final class BertLayer extends Module {
    private final BertAttention attention;
    private final BertIntermediate intermediate;
    private final BertOutput output;

    public BertLayer(BertConfig config, RandomGenerator rng) {
        attention = registerModule("attention", new BertAttention(config, rng));
        intermediate = registerModule("intermediate", new BertIntermediate(config, rng));
        output = registerModule("output", new BertOutput(config, rng));
    }

    /** (B, T, C) with the additive mask (B, 1, 1, T) or null: (B, T, C). */
    public Tensor forward(Tensor hidden, Tensor additiveMask) {
        Tensor attended = attention.forward(hidden, additiveMask);            // (B, T, C)
        return output.forward(intermediate.forward(attended), attended);      // (B, T, C)
    }
}
