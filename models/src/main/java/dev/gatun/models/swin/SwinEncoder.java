package dev.gatun.models.swin;

import dev.gatun.nn.Module;
import dev.gatun.nn.ModuleList;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The stages of a Swin Transformer, as Hugging Face's {@code SwinEncoder}. Stochastic depth rises
 * linearly from 0 at the first block to {@code drop_path_rate} at the last.
 *
 * <p>State-dict keys: {@code layers.S.*}.
 */
public final class SwinEncoder extends Module {
    private final ModuleList<SwinStage> layers;

    public SwinEncoder(SwinConfig config, RandomGenerator rng) {
        int total = config.depths().stream().mapToInt(Integer::intValue).sum();
        layers = registerModule("layers", new ModuleList<>());
        int block = 0;
        for (int s = 0; s < config.numLayers(); s++) {
            double[] rates = new double[config.depths().get(s)];
            for (int i = 0; i < rates.length; i++, block++) {
                rates[i] = total == 1 ? 0 : config.dropPathRate() * block / (total - 1);
            }
            layers.add(new SwinStage(config, s, rates, rng));
        }
    }

    /**
     * Runs every stage on the embedded patches (B, H*W, C0) of a (height, width) grid.
     *
     * @return the last stage's tokens (B, H_last*W_last, C_last)
     */
    public Tensor forward(Tensor hidden, int height, int width) {
        Tensor x = hidden;
        int h = height;
        int w = width;
        for (SwinStage stage : layers) {
            x = stage.forward(x, h, w);
            if (stage.downsamples()) {
                h = (h + 1) / 2;
                w = (w + 1) / 2;
            }
        }
        return x;
    }

    public ModuleList<SwinStage> layers() {
        return layers;
    }
}
