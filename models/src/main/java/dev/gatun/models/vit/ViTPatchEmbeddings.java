package dev.gatun.models.vit;

import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Cuts the image into non-overlapping P x P patches and projects each to C features, as Hugging Face's
 * {@code ViTPatchEmbeddings}: a convolution with kernel = stride = P. Patches come out row by row (all of
 * the first patch row left to right, then the next); a remainder at the right or bottom that does not
 * fill a patch is dropped, as the convolution does.
 *
 * <p>State-dict keys: {@code projection.weight} (C, channels, P, P), {@code projection.bias} (C).
 */
public final class ViTPatchEmbeddings extends Module implements Layer {
    private final Conv2d projection;

    public ViTPatchEmbeddings(ViTConfig config, RandomGenerator rng) {
        int p = config.patchSize();
        projection = registerModule("projection", new Conv2d(config.numChannels(), config.hiddenSize(),
                new int[] {p, p}, new int[] {p, p}, new int[] {0, 0}, new int[] {1, 1}, 1, true, rng));
    }

    /** Pixels (B, channels, height, width) to patch features (B, T, C) with T = (height/P)(width/P). */
    @Override
    public Tensor forward(Tensor pixelValues) {
        Tensor grid = projection.forward(pixelValues);                          // (B, C, height/P, width/P)
        return grid.flatten(2, 3).transpose(1, 2);                              // (B, T, C)
    }

    public Conv2d projection() {
        return projection;
    }
}
