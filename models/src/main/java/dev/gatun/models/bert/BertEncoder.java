package dev.gatun.models.bert;

import dev.gatun.nn.Module;
import dev.gatun.nn.ModuleList;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/** The stack of {@link BertLayer}s, as Hugging Face's {@code BertEncoder}: keys {@code layer.N.*}. */
public final class BertEncoder extends Module {
    private final ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config, RandomGenerator rng) {
        layer = registerModule("layer", new ModuleList<>());
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layer.add(new BertLayer(config, rng));
        }
    }

    /** (B, T, C) through every layer with the additive mask (B, 1, 1, T) or null: (B, T, C). */
    public Tensor forward(Tensor hidden, Tensor additiveMask) {
        Tensor h = hidden;
        for (BertLayer l : layer) {
            h = l.forward(h, additiveMask);
        }
        return h;
    }

    public int numLayers() {
        return layer.size();
    }
}
