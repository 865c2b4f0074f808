package dev.gatun.nn;

import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * The feed-forward block of a transformer: {@code fc2(act(fc1(x)))}, input (..., in), hidden
 * (..., hidden), output (..., out). Children are named as in timm's {@code Mlp}: {@code fc1}, {@code act},
 * {@code fc2}; map other checkpoint names (BERT's {@code intermediate.dense}, GPT-2's {@code c_fc}) when
 * loading.
 */
public final class MLP extends Module implements Layer {
    private final Linear fc1;
    private final Layer act;
    private final Linear fc2;

    /** An MLP with biases and the given activation module, e.g. {@code new GELU()}. */
    public <A extends Module & Layer> MLP(int inFeatures, int hiddenFeatures, int outFeatures, A activation,
                                         RandomGenerator rng) {
        this(inFeatures, hiddenFeatures, outFeatures, activation, true, rng);
    }

    /** An MLP whose two linear layers have biases when {@code bias}. */
    public <A extends Module & Layer> MLP(int inFeatures, int hiddenFeatures, int outFeatures, A activation,
                                         boolean bias, RandomGenerator rng) {
        this.fc1 = registerModule("fc1", new Linear(inFeatures, hiddenFeatures, bias, rng));
        this.act = registerModule("act", activation);
        this.fc2 = registerModule("fc2", new Linear(hiddenFeatures, outFeatures, bias, rng));
    }

    @Override
    public Tensor forward(Tensor x) {
        return fc2.forward(act.forward(fc1.forward(x)));
    }

    /** The first projection, in to hidden. */
    public Linear fc1() {
        return fc1;
    }

    /** The second projection, hidden to out. */
    public Linear fc2() {
        return fc2;
    }
}
