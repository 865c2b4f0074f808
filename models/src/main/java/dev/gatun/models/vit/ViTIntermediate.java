package dev.gatun.models.vit;

import dev.gatun.nn.GELU;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.nn.SiLU;
import dev.gatun.nn.Tanh;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The first half of the feed-forward block, as Hugging Face's {@code ViTIntermediate}:
 * {@code act(dense(x))}, widening C to {@code intermediate_size}.
 *
 * <p>State-dict keys: {@code dense} (intermediate, C) with bias. The activation has no parameters.
 */
public final class ViTIntermediate extends Module implements Layer {
    private final Linear dense;
    private final Layer activation;

    public ViTIntermediate(ViTConfig config, RandomGenerator rng) {
        dense = registerModule("dense", new Linear(config.hiddenSize(), config.intermediateSize(), true, rng));
        activation = (Layer) registerModule("intermediate_act_fn", activation(config.hiddenAct()));
    }

    /** (B, T, C) -> (B, T, intermediate). */
    @Override
    public Tensor forward(Tensor hidden) {
        return activation.forward(dense.forward(hidden));
    }

    /**
     * The module for a Hugging Face activation name: {@code gelu} (exact, erf), {@code gelu_new} and
     * {@code gelu_pytorch_tanh} (tanh approximation), {@code relu}, {@code silu}, {@code tanh}. Each is also a {@link Layer}.
     */
    static Module activation(String name) {
        return switch (name) {
            case "gelu" -> new GELU();
            case "gelu_new", "gelu_pytorch_tanh" -> new GELU("tanh");
            case "relu" -> new ReLU();
            case "silu" -> new SiLU();
            case "tanh" -> new Tanh();
            default -> throw new GatunException("ViT: unsupported activation '" + name + "'");
        };
    }
}
