package dev.gatun.nn;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * Layers applied one after another, as {@code torch.nn.Sequential}. Children are named {@code "0"},
 * {@code "1"}, ... so state-dict keys read {@code 0.weight}, {@code 2.bias} like PyTorch's.
 *
 * {@snippet :
 * Sequential net = new Sequential(new Linear(2, 64, true, rng), new Tanh(), new Linear(64, 2, true, rng));
 * Tensor logits = net.forward(points);   // (N, 2) -> (N, 2)
 * }
 */
public final class Sequential extends Module implements Layer {
    private final List<Layer> layers = new ArrayList<>();

    /** A sequence of the given layers, named by position. */
    @SafeVarargs
    public <M extends Module & Layer> Sequential(M... layers) {
        for (M layer : layers) {
            append(layer);
        }
    }

    /** Adds {@code layer} at the end under the next index; returns this container. */
    public <M extends Module & Layer> Sequential append(M layer) {
        registerModule(Integer.toString(layers.size()), layer);
        layers.add(layer);
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor y = x;
        for (Layer layer : layers) {
            y = layer.forward(y);
        }
        return y;
    }

    /** The layer at {@code index}. */
    public Module get(int index) {
        if (index < 0 || index >= layers.size()) {
            throw new GatunException("Sequential has " + layers.size() + " layers, no index " + index);
        }
        return (Module) layers.get(index);
    }

    /** Number of layers. */
    public int size() {
        return layers.size();
    }
}
