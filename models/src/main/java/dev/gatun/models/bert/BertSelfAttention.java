package dev.gatun.models.bert;

import dev.gatun.nn.Dropout;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Multi-head scaled dot-product self-attention, as Hugging Face's {@code BertSelfAttention} (eager):
 * {@code softmax(Q K^T / sqrt(D) + mask) V} per head, heads concatenated.
 *
 * <p>State-dict keys: {@code query}, {@code key} and {@code value}, each a {@link Linear} (C, C) with bias.
 */
public final class BertSelfAttention extends Module {
    private final int heads;
    private final int headSize;
    private final Linear query;
    private final Linear key;
    private final Linear value;
    private final Dropout dropout;

    public BertSelfAttention(BertConfig config, RandomGenerator rng) {
        int c = config.hiddenSize();
        heads = config.numAttentionHeads();
        headSize = config.headSize();
        query = registerModule("query", new Linear(c, c, true, rng));
        key = registerModule("key", new Linear(c, c, true, rng));
        value = registerModule("value", new Linear(c, c, true, rng));
        dropout = registerModule("dropout", new Dropout(config.attentionProbsDropoutProb(), rng));
    }

    /**
     * Attends over {@code hidden} (B, T, C).
     *
     * @param additiveMask added to the scores: (B, 1, 1, T) with 0 for tokens to attend to and a large
     *     negative number for padding (see {@link BertModel#extendedAttentionMask}); null for none
     * @return the heads' outputs concatenated, (B, T, C)
     */
    public Tensor forward(Tensor hidden, Tensor additiveMask) {
        int b = hidden.size(0);
        int t = hidden.size(1);
        Tensor q = splitHeads(query.forward(hidden), b, t);                    // (B, H, T, D)
        Tensor k = splitHeads(key.forward(hidden), b, t);                      // (B, H, T, D)
        Tensor v = splitHeads(value.forward(hidden), b, t);                    // (B, H, T, D)
        Tensor scores = q.matmul(k.mT()).div(Math.sqrt(headSize));            // (B, H, T, T)
        if (additiveMask != null) {
            scores = scores.add(additiveMask);                                 // + (B, 1, 1, T)
        }
        Tensor probs = dropout.forward(scores.softmax(-1));                    // (B, H, T, T)
        Tensor context = probs.matmul(v);                                      // (B, H, T, D)
        return context.permute(0, 2, 1, 3).reshape(b, t, heads * headSize);   // (B, T, C)
    }

    /** (B, T, C) -> (B, T, H, D) -> (B, H, T, D), a view. */
    private Tensor splitHeads(Tensor x, int b, int t) {
        return x.view(b, t, heads, headSize).permute(0, 2, 1, 3);
    }
}
