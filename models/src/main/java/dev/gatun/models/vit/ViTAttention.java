package dev.gatun.models.vit;

import dev.gatun.nn.Layer;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Self-attention followed by its output projection, as Hugging Face's {@code ViTAttention}.
 * State-dict keys: {@code attention.*} ({@link ViTSelfAttention}) and {@code output.*}
 * ({@link ViTSelfOutput}), so a layer's query weight is {@code attention.attention.query.weight}.
 */
public final class ViTAttention extends Module implements Layer {
    private final ViTSelfAttention attention;
    private final ViTSelfOutput output;

    public ViTAttention(ViTConfig config, RandomGenerator rng) {
        attention = registerModule("attention", new ViTSelfAttention(config, rng));
        output = registerModule("output", new ViTSelfOutput(config, rng));
    }

    /** (B, T, C) -> (B, T, C), without the residual. */
    @Override
    public Tensor forward(Tensor hidden) {
        return output.forward(attention.forward(hidden));
    }
}
