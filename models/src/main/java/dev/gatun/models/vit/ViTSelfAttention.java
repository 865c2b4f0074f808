package dev.gatun.models.vit;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Layer;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.FusedAttention;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Multi-head self-attention over all tokens (no mask), as Hugging Face's {@code ViTSelfAttention} (eager):
 * {@code softmax((Q Kᵀ) · D^-0.5) V} per head, heads concatenated. The scale multiplies the scores after
 * the product, as Hugging Face's ViT does.
 *
 * <p>In evaluation mode under {@link Autograd#noGrad()} the same function runs as one fused attention
 * ({@link FusedAttention}: the native flash attention when installed) on strided views of the
 * projections; the explicit softmax path is the reference it is tested against.
 *
 * <p>State-dict keys: {@code query}, {@code key} and {@code value}, each a {@link Linear} (C, C), with
 * biases when {@code qkv_bias}. Within each projection head h owns output features {@code h·D .. h·D+D-1}.
 */
public final class ViTSelfAttention extends Module implements Layer {
    private final int heads;
    private final int headSize;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Dropout dropout;

    public ViTSelfAttention(ViTConfig config, RandomGenerator rng) {
        int c = config.hiddenSize();
        heads = config.numAttentionHeads();
        headSize = config.headSize();
        query = registerModule("query", new Linear(c, c, config.qkvBias(), rng));
        key = registerModule("key", new Linear(c, c, config.qkvBias(), rng));
        value = registerModule("value", new Linear(c, c, config.qkvBias(), rng));
        dropout = registerModule("dropout", new Dropout(config.attentionProbsDropoutProb(), rng));
    }

    /** Attends over {@code hidden} (B, T, C); returns the heads' outputs concatenated, (B, T, C). */
    @Override
    public Tensor forward(Tensor hidden) {
        int b = hidden.size(0);
        int t = hidden.size(1);
        Tensor q = splitHeads(query.forward(hidden), b, t);                    // (B, H, T, D)
        Tensor k = splitHeads(key.forward(hidden), b, t);                      // (B, H, T, D)
        Tensor v = splitHeads(value.forward(hidden), b, t);                    // (B, H, T, D)
        if (!Autograd.isGradEnabled() && !isTraining() && hidden.dtype() == DType.F32) {
            // Inference: the same function in one fused pass, writing the heads into their columns.
            Tensor out = Tensor.zeros(DType.F32, b, t, heads * headSize);     // (B, T, C)
            FusedAttention.attention(q, k, v, out.view(b, t, heads, headSize).permute(0, 2, 1, 3),
                    1.0 / Math.sqrt(headSize), null, null);
            return out;
        }
        Tensor scores = q.matmul(k.mT()).mul(1.0 / Math.sqrt(headSize));      // (B, H, T, T)
        Tensor probs = dropout.forward(scores.softmax(-1));                    // (B, H, T, T)
        Tensor context = probs.matmul(v);                                      // (B, H, T, D)
        return context.permute(0, 2, 1, 3).reshape(b, t, heads * headSize);   // (B, T, C)
    }

    /** (B, T, C) -> (B, T, H, D) -> (B, H, T, D), a view. */
    private Tensor splitHeads(Tensor x, int b, int t) {
        return x.view(b, t, heads, headSize).permute(0, 2, 1, 3);
    }
}
