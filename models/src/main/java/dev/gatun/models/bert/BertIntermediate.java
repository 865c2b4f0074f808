package dev.gatun.models.bert;

import dev.gatun.nn.GELU;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The first half of the feed-forward block, as Hugging Face's {@code BertIntermediate}:
 * {@code act(dense(x))}, widening C to {@code intermediate_size}.
 *
 * <p>State-dict keys: {@code dense} (intermediate, C) with bias. The activation has no parameters.
 */
public final class BertIntermediate extends Module implements Layer {
    private final Linear dense;
    private final Layer activation;

    public BertIntermediate(BertConfig config, RandomGenerator rng) {
        dense = registerModule("dense", new Linear(config.hiddenSize(), config.intermediateSize(), true, rng));
        activation = switch (config.hiddenAct()) {
            case "gelu" -> registerModule("intermediate_act_fn", new GELU());
            case "gelu_new", "gelu_pytorch_tanh" -> registerModule("intermediate_act_fn", new GELU("tanh"));
            case "relu" -> registerModule("intermediate_act_fn", new ReLU());
            default -> throw new GatunException("BERT: unsupported hidden_act '" + config.hiddenAct() + "'");
        };
    }

    /** (B, T, C) -> (B, T, intermediate). */
    @Override
    public Tensor forward(Tensor hidden) {
        return activation.forward(dense.forward(hidden));
    }
}
