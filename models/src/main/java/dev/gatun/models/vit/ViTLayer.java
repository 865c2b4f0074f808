package dev.gatun.models.vit;

import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * One pre-norm encoder block, as Hugging Face's {@code ViTLayer}: each sub-layer reads a layer-normalised
 * copy of the stream and adds its result back to it.
 *
 * <pre>
 *   h = h + attention(layernorm_before(h))
 *   h = h + output(intermediate(layernorm_after(h)))
 * </pre>
 *
 * State-dict keys: {@code attention.*}, {@code intermediate.*}, {@code output.*},
 * {@code layernorm_before.*}, {@code layernorm_after.*}.
 */
public final class ViTLayer extends Module implements Layer {
    private final ViTAttention attention;
    private final ViTIntermediate intermediate;
    private final ViTOutput output;
    private final LayerNorm layernormBefore;
    private final LayerNorm layernormAfter;

    public ViTLayer(ViTConfig config, RandomGenerator rng) {
        int[] c = {config.hiddenSize()};
        attention = registerModule("attention", new ViTAttention(config, rng));
        intermediate = registerModule("intermediate", new ViTIntermediate(config, rng));
        output = registerModule("output", new ViTOutput(config, rng));
        layernormBefore = registerModule("layernorm_before", new LayerNorm(c, config.layerNormEps(), true));
        layernormAfter = registerModule("layernorm_after", new LayerNorm(c, config.layerNormEps(), true));
    }

    /** (B, T, C) -> (B, T, C). */
    @Override
    public Tensor forward(Tensor hidden) {
        Tensor h = attention.forward(layernormBefore.forward(hidden)).add(hidden);      // (B, T, C)
        return output.forward(intermediate.forward(layernormAfter.forward(h)), h);      // (B, T, C)
    }
}
