package dev.gatun.models.swin;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.GELU;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.nn.ReLU;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A linear layer named {@code dense}, then an activation or dropout: Hugging Face's
 * {@code SwinSelfOutput} (dense, dropout), {@code SwinIntermediate} (dense, activation) and
 * {@code SwinOutput} (dense, dropout).
 *
 * <p>State-dict keys: {@code dense.weight} (out, in), {@code dense.bias} (out).
 */
public final class SwinDense extends Module implements Layer {
    private final Linear dense;
    private final Layer after;

    private SwinDense(int in, int out, Layer after, String afterName, RandomGenerator rng) {
        dense = registerModule("dense", new Linear(in, out, true, rng));
        this.after = after;
        registerModule(afterName, (Module) after);
    }

    /** {@code dropout(dense(x))}. */
    public static SwinDense withDropout(int in, int out, double p, RandomGenerator rng) {
        return new SwinDense(in, out, new Dropout(p, rng), "dropout", rng);
    }

    /** {@code act(dense(x))} with the activation {@code hidden_act} names. */
    public static SwinDense withActivation(int in, int out, String hiddenAct, RandomGenerator rng) {
        Layer act = switch (hiddenAct) {
            case "gelu" -> new GELU();
            case "gelu_new", "gelu_pytorch_tanh" -> new GELU("tanh");
            case "relu" -> new ReLU();
            default -> throw new GatunException("Swin: unsupported hidden_act '" + hiddenAct + "'");
        };
        return new SwinDense(in, out, act, "intermediate_act_fn", rng);
    }

    /** (..., in) -> (..., out). */
    @Override
    public Tensor forward(Tensor x) {
        Tensor y = dense.forward(x);
        return after.forward(y);
    }

    public Linear dense() {
        return dense;
    }
}
