package dev.gatun.models.swin;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The input of Swin: patch embeddings as tokens, layer-normalised (eps 1e-5, Hugging Face does not
 * read {@code layer_norm_eps} here), plus learned absolute position embeddings when
 * {@code use_absolute_embeddings}. As Hugging Face's {@code SwinEmbeddings}.
 *
 * <p>State-dict keys: {@code patch_embeddings.projection.*}, {@code norm.*} (C), and
 * {@code position_embeddings} (1, (image_size/patch_size)^2, C) when absolute embeddings are used, as the
 * original implementation's {@code absolute_pos_embed}; those fit only inputs of the config's image size.
 * (Current Hugging Face code allocates one row more, (1, patches + 1, C), which it cannot add to the
 * patches; such a table is reported as a shape mismatch when loading.)
 */
public final class SwinEmbeddings extends Module {
    private final SwinPatchEmbeddings patchEmbeddings;
    private final LayerNorm norm;
    private final Tensor positionEmbeddings;
    private final Dropout dropout;

    public SwinEmbeddings(SwinConfig config, RandomGenerator rng) {
        patchEmbeddings = registerModule("patch_embeddings", new SwinPatchEmbeddings(config, rng));
        norm = registerModule("norm", new LayerNorm(config.embedDim()));
        int grid = config.imageSize() / config.patchSize();
        positionEmbeddings = config.useAbsoluteEmbeddings()
                ? registerParameter("position_embeddings", Tensor.zeros(1, grid * grid, config.embedDim()))
                : null;
        dropout = registerModule("dropout", new Dropout(config.hiddenDropoutProb(), rng));
    }

    /**
     * Embeds pixels (B, channels, height, width).
     *
     * @return the tokens (B, h*w, C), row-major over the patch grid, and the grid's (h, w)
     */
    public Embedded forward(Tensor pixels) {
        Tensor map = patchEmbeddings.forward(pixels);                         // (B, C, h, w)
        int b = map.size(0);
        int c = map.size(1);
        int h = map.size(2);
        int w = map.size(3);
        Tensor tokens = norm.forward(map.reshape(b, c, h * w).transpose(1, 2));   // (B, h*w, C)
        if (positionEmbeddings != null) {
            if (positionEmbeddings.size(1) != h * w) {
                throw new GatunException("Swin absolute position embeddings hold " + positionEmbeddings.size(1)
                        + " positions but the input has a " + h + "x" + w + " patch grid (" + h * w
                        + "); feed images of the config's image_size");
            }
            tokens = tokens.add(positionEmbeddings);                           // + (1, h*w, C)
        }
        return new Embedded(dropout.forward(tokens), h, w);
    }

    /**
     * Embedded patches and the grid they lie on.
     *
     * @param tokens (B, height*width, C)
     */
    public record Embedded(Tensor tokens, int height, int width) {
    }
}
