package dev.gatun.models.swin;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Window attention and its output projection, as Hugging Face's {@code SwinAttention}.
 *
 * <p>State-dict keys: {@code self.*} ({@link SwinSelfAttention}), {@code output.dense.*} (C, C).
 */
public final class SwinAttention extends Module {
    private final SwinSelfAttention self;
    private final SwinDense output;

    public SwinAttention(SwinConfig config, int dim, int heads, int window, int pretrainedWindow,
                         RandomGenerator rng) {
        self = registerModule("self", new SwinSelfAttention(config, dim, heads, window, pretrainedWindow, rng));
        output = registerModule("output", SwinDense.withDropout(dim, dim, config.attentionProbsDropoutProb(), rng));
    }

    /** Windows (B*nW, N, C) and the shift mask (nW, 1, N, N) or null: (B*nW, N, C). */
    public Tensor forward(Tensor windows, Tensor mask) {
        return output.forward(self.forward(windows, mask));
    }

    public SwinSelfAttention self() {
        return self;
    }
}
