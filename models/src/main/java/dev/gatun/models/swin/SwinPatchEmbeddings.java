package dev.gatun.models.swin;

import dev.gatun.nn.Conv2d;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Cuts an image into non-overlapping patches and projects each to C channels with one strided
 * convolution, as Hugging Face's {@code SwinPatchEmbeddings}; an image whose sides are not multiples
 * of the patch size is first zero-padded at the right and bottom.
 *
 * <p>State-dict keys: {@code projection.weight} (C, channels, p, p), {@code projection.bias} (C).
 */
public final class SwinPatchEmbeddings extends Module {
    private final int patch;
    private final Conv2d projection;

    public SwinPatchEmbeddings(SwinConfig config, RandomGenerator rng) {
        patch = config.patchSize();
        projection = registerModule("projection", new Conv2d(config.numChannels(), config.embedDim(),
                new int[] {patch, patch}, new int[] {patch, patch}, new int[] {0, 0}, new int[] {1, 1}, 1, true, rng));
    }

    /** Pixels (B, channels, height, width) to a feature map (B, C, ceil(height/p), ceil(width/p)). */
    public Tensor forward(Tensor pixels) {
        int padW = (patch - pixels.size(3) % patch) % patch;
        int padH = (patch - pixels.size(2) % patch) % patch;
        Tensor x = padW > 0 || padH > 0 ? Functional.pad(pixels, new int[] {0, padW, 0, padH}, 0.0) : pixels;
        return projection.forward(x);
    }
}
