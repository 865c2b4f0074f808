package dev.gatun.models.bert;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Self-attention and its output projection with the residual and layer norm, as Hugging Face's
 * {@code BertAttention}. State-dict keys: {@code self.*} ({@link BertSelfAttention}) and
 * {@code output.*} ({@link BertSelfOutput}).
 */
public final class BertAttention extends Module {
    private final BertSelfAttention self;
    private final BertSelfOutput output;

    public BertAttention(BertConfig config, RandomGenerator rng) {
        self = registerModule("self", new BertSelfAttention(config, rng));
        output = registerModule("output", new BertSelfOutput(config, rng));
    }

    /** (B, T, C) with the additive mask (B, 1, 1, T) or null: (B, T, C). */
    public Tensor forward(Tensor hidden, Tensor additiveMask) {
        return output.forward(self.forward(hidden, additiveMask), hidden);
    }
}
