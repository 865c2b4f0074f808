package dev.gatun.models.vit;

import dev.gatun.nn.Layer;
import dev.gatun.nn.Module;
import dev.gatun.nn.ModuleList;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/** The stack of {@link ViTLayer}s, as Hugging Face's {@code ViTEncoder}: keys {@code layer.N.*}. */
public final class ViTEncoder extends Module implements Layer {
    private final ModuleList<ViTLayer> layer;

    public ViTEncoder(ViTConfig config, RandomGenerator rng) {
        layer = registerModule("layer", new ModuleList<>());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layer.add(new ViTLayer(config, rng));
        }
    }

    /** (B, T, C) through every layer: (B, T, C). */
    @Override
    public Tensor forward(Tensor hidden) {
        Tensor h = hidden;
        for (ViTLayer l : layer) {
            h = l.forward(h);
        }
        return h;
    }

    /** Layer {@code i}. */
    public ViTLayer layer(int i) {
        return layer.get(i);
    }

    public int numLayers() {
        return layer.size();
    }
}
