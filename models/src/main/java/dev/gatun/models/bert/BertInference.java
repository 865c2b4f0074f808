package dev.gatun.models.bert;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast inference path of a {@link BertModel}: the same function as {@link BertModel#forward}'s last
 * hidden state, computed from a snapshot of the weights laid out for the kernels.
 *
 * <p>What differs from the composed model, and why (each measured with {@code MiniLmBench}):
 * <ul>
 *   <li>matrix weights are stored transposed, (in, out), so that the matrix product reads them row by row
 *       instead of gathering a transposed view on every call;</li>
 *   <li>query, key and value are one (C, 3C) product, and every product runs on (B·T, C) rows so a weight
 *       is read once per layer, not once per sentence;</li>
 *   <li>bias + GELU, bias + residual + layer norm, and scale + mask + softmax each run as one pass in
 *       place ({@link BertFusedOps}) instead of chains of ops with a fresh tensor each.</li>
 * </ul>
 * {@link BertModel} stays the reference: {@code BertInferenceTest} checks the two agree.
 *
 * <p>The snapshot is taken when the object is made; later changes to the model's parameters (training)
 * are not seen, so make a new one after changing them. The matrix weights are copied (in the scope
 * current at construction); embeddings and layer-norm parameters are shared with the model. Immutable:
 * {@link #forward} may run on many threads at once, each in its own scope.
 */
public final class BertInference {
    private final BertConfig config;
    private final Tensor wordEmbeddings;
    private final Tensor positionEmbeddings;
    private final Tensor tokenTypeEmbeddings;
    private final Tensor embeddingNormWeight;
    private final Tensor embeddingNormBias;
    private final List<Layer> layers;
    private final BertFusedOps.Activation activation;

    /** One encoder layer's weights; matrices are (in, out). */
    private record Layer(Tensor qkv, Tensor qkvBias, Tensor attentionOut, Tensor attentionOutBias,
                         Tensor attentionNormWeight, Tensor attentionNormBias, Tensor up, Tensor upBias,
                         Tensor down, Tensor downBias, Tensor outputNormWeight, Tensor outputNormBias) {
    }

    private BertInference(BertModel model) {
        this.config = model.config();
        Map<String, Tensor> w = model.stateDict();
        this.wordEmbeddings = w.get("embeddings.word_embeddings.weight");
        this.positionEmbeddings = w.get("embeddings.position_embeddings.weight");
        this.tokenTypeEmbeddings = w.get("embeddings.token_type_embeddings.weight");
        this.embeddingNormWeight = w.get("embeddings.LayerNorm.weight");
        this.embeddingNormBias = w.get("embeddings.LayerNorm.bias");
        this.activation = BertFusedOps.Activation.of(config.hiddenAct());
        List<Layer> list = new ArrayList<>();
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                String p = "encoder.layer." + i + ".";
                String self = p + "attention.self.";
                Tensor qkv = Tensor.cat(List.of(w.get(self + "query.weight"), w.get(self + "key.weight"),
                        w.get(self + "value.weight")), 0);                                     // (3C, C)
                Tensor qkvBias = Tensor.cat(List.of(w.get(self + "query.bias"), w.get(self + "key.bias"),
                        w.get(self + "value.bias")), 0);                                       // (3C)
                list.add(new Layer(inOut(qkv), qkvBias,
                        inOut(w.get(p + "attention.output.dense.weight")), w.get(p + "attention.output.dense.bias"),
                        w.get(p + "attention.output.LayerNorm.weight"), w.get(p + "attention.output.LayerNorm.bias"),
                        inOut(w.get(p + "intermediate.dense.weight")), w.get(p + "intermediate.dense.bias"),
                        inOut(w.get(p + "output.dense.weight")), w.get(p + "output.dense.bias"),
                        w.get(p + "output.LayerNorm.weight"), w.get(p + "output.LayerNorm.bias")));
            }
        }
        this.layers = List.copyOf(list);
    }

    /** A snapshot of {@code model}'s current weights for fast inference. */
    public static BertInference of(BertModel model) {
        return new BertInference(model);
    }

    /** A PyTorch (out, in) weight as a contiguous (in, out) copy. */
    private static Tensor inOut(Tensor weight) {
        return weight.mT().contiguous().to(DType.F32);
    }

    /**
     * The last hidden state, as {@code BertModel.forward(...).lastHiddenState()}, without autograd.
     *
     * @param inputIds token ids (B, T)
     * @param attentionMask 1 for tokens, 0 for padding (B, T), or null
     * @param tokenTypeIds segment ids (B, T), or null for zeros
     * @return (B, T, C), contiguous, in the current scope
     */
    public Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) {
        BertModel.checkInputs(config, inputIds, attentionMask, tokenTypeIds);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            int b = inputIds.size(0);
            int t = inputIds.size(1);
            Tensor types = tokenTypeIds != null ? tokenTypeIds : Tensor.zeros(DType.I64, b, t);
            Tensor mask = attentionMask == null ? null
                    : attentionMask.to(DType.F32).sub(1.0).mul(Float.MAX_VALUE).contiguous();     // (B, T)
            Tensor h = Functional.embedding(inputIds, wordEmbeddings)                              // (B, T, C)
                    .add_(Functional.embedding(types, tokenTypeEmbeddings))
                    .add_(positionEmbeddings.narrow(0, 0, t));                                      // (T, C) broadcast
            BertFusedOps.addLayerNormInPlace(h, null, null, embeddingNormWeight, embeddingNormBias,
                    config.layerNormEps());
            h = h.reshape(b * t, config.hiddenSize());                                             // (B·T, C)
            for (Layer layer : layers) {
                h = layer(layer, h, mask, b, t);
            }
            return h.reshape(b, t, config.hiddenSize());
        }
    }

    /** One post-norm layer on rows h (B·T, C). */
    private Tensor layer(Layer l, Tensor h, Tensor mask, int b, int t) {
        int c = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int d = config.headSize();
        Tensor qkv = h.matmul(l.qkv()).add_(l.qkvBias()).view(b, t, 3 * c);                      // (B, T, 3C)
        Tensor q = qkv.narrow(2, 0, c).view(b, t, heads, d).permute(0, 2, 1, 3);                 // (B, H, T, D)
        Tensor kT = qkv.narrow(2, c, c).view(b, t, heads, d).permute(0, 2, 3, 1);                // (B, H, D, T)
        Tensor v = qkv.narrow(2, 2 * c, c).view(b, t, heads, d).permute(0, 2, 1, 3);             // (B, H, T, D)
        Tensor scores = q.matmul(kT);                                                               // (B, H, T, T)
        BertFusedOps.maskedSoftmaxInPlace(scores, mask, (float) Math.sqrt(d));
        Tensor context = scores.matmul(v).permute(0, 2, 1, 3).reshape(b * t, c);                  // (B·T, C)
        Tensor attended = context.matmul(l.attentionOut());                                         // (B·T, C)
        BertFusedOps.addLayerNormInPlace(attended, l.attentionOutBias(), h, l.attentionNormWeight(),
                l.attentionNormBias(), config.layerNormEps());
        Tensor up = attended.matmul(l.up());                                                        // (B·T, I)
        BertFusedOps.biasActivationInPlace(up, l.upBias(), activation);
        Tensor out = up.matmul(l.down());                                                           // (B·T, C)
        BertFusedOps.addLayerNormInPlace(out, l.downBias(), attended, l.outputNormWeight(), l.outputNormBias(),
                config.layerNormEps());
        return out;
    }

    public BertConfig config() {
        return config;
    }
}
