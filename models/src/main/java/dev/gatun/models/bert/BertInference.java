package dev.gatun.models.bert;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.PackedLinear;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.kernels.Gemm;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fast inference path of a {@link BertModel}: the same function as {@link BertModel#forward}'s last
 * hidden state, computed from a snapshot of the weights laid out for the kernels.
 *
 * <p>What differs from the composed model, and why (each measured with {@code MiniLmBench}):
 * <ul>
 *   <li>every matrix weight is packed once, here, into the micro-kernel's panel layout
 *       ({@link PackedLinear}), so no call re-packs it (for one short sentence re-packing was half of the
 *       time); each product adds its bias as it stores C, and the two products that feed a residual
 *       connection add into the residual stream in place ({@code h += x·Wᵀ + b});</li>
 *   <li>query, key and value are one (C, 3C) product, and every product runs on (B·T, C) rows so a weight
 *       is read once per layer, not once per sentence;</li>
 *   <li>attention reads query, key and value as strided views of that product and writes each head's
 *       context straight into its columns of the (B·T, C) rows: no permuted copies;</li>
 *   <li>GELU, layer norm, and scale + mask + softmax each run as one pass in place ({@link BertFusedOps},
 *       or a forced backend's kernel for GELU and layer norm);</li>
 *   <li>the five buffers a layer needs are allocated once per call and reused by every layer.</li>
 * </ul>
 * {@link BertModel} stays the reference: {@code BertInferenceTest} checks the two agree.
 *
 * <p>The snapshot is taken when the object is made; later changes to the model's matrix weights
 * (training) are not seen, so make a new one after changing them. The packed matrices are copies (on
 * the heap); embeddings, biases and layer-norm parameters are shared with the model. Immutable:
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
    /** Score rows are padded to a multiple of this: one vector of F32. */
    private static final int SCORE_ALIGN = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    /** One encoder layer's weights. */
    private record Layer(PackedLinear qkv, PackedLinear attentionOut, Tensor attentionNormWeight,
                         Tensor attentionNormBias, PackedLinear up, PackedLinear down,
                         Tensor outputNormWeight, Tensor outputNormBias) {
    }

    /**
     * The buffers of one forward call, reused by every layer; R = B·T rows. Score rows are {@code tp}
     * long, T rounded up to whole vectors, so the softmax runs on whole vectors: the padding columns are
     * masked out (they come out 0), and the products read and write only the first T.
     */
    private record Buffers(Tensor h, Tensor qkv, Tensor scores, Tensor context, Tensor up) {
        static Buffers of(BertConfig config, Tensor h, int b, int t, int tp) {
            int c = config.hiddenSize();
            return new Buffers(h,
                    Tensor.zeros(DType.F32, b * t, 3 * c),                                     // (R, 3C)
                    Tensor.zeros(DType.F32, b, config.numAttentionHeads(), t, tp),             // (B, H, T, Tp)
                    Tensor.zeros(DType.F32, b * t, c),                                         // (R, C)
                    Tensor.zeros(DType.F32, b * t, config.intermediateSize()));                // (R, I)
        }
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
                list.add(new Layer(PackedLinear.of(qkv, qkvBias),
                        packed(w, p + "attention.output.dense."),
                        w.get(p + "attention.output.LayerNorm.weight"), w.get(p + "attention.output.LayerNorm.bias"),
                        packed(w, p + "intermediate.dense."), packed(w, p + "output.dense."),
                        w.get(p + "output.LayerNorm.weight"), w.get(p + "output.LayerNorm.bias")));
            }
        }
        this.layers = List.copyOf(list);
    }

    private static PackedLinear packed(Map<String, Tensor> w, String prefix) {
        return PackedLinear.of(w.get(prefix + "weight"), w.get(prefix + "bias"));
    }

    /** A snapshot of {@code model}'s current weights for fast inference. */
    public static BertInference of(BertModel model) {
        return new BertInference(model);
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
            int tp = Math.ceilDiv(t, SCORE_ALIGN) * SCORE_ALIGN;
            Tensor mask = null;                                                                    // (B, Tp)
            if (attentionMask != null || tp > t) {
                mask = Tensor.full(DType.F32, -Float.MAX_VALUE, b, tp);
                mask.narrow(1, 0, t).copy_(attentionMask == null ? Tensor.zeros(DType.F32, b, t)
                        : attentionMask.to(DType.F32).sub(1.0).mul(Float.MAX_VALUE));
            }
            Tensor h = embeddings(inputIds, types, b, t);                                          // (B·T, C)
            layerNorm(h, embeddingNormWeight, embeddingNormBias);
            if (b * t > 0) {
                Buffers buffers = Buffers.of(config, h, b, t, tp);
                for (Layer layer : layers) {
                    layer(layer, buffers, mask, b, t, tp);
                }
            }
            return h.reshape(b, t, config.hiddenSize());
        }
    }

    /** Word + token type + position embeddings (B·T, C): one fused pass when the tables are contiguous F32. */
    private Tensor embeddings(Tensor inputIds, Tensor types, int b, int t) {
        boolean f32 = true;
        for (Tensor table : List.of(wordEmbeddings, tokenTypeEmbeddings, positionEmbeddings)) {
            f32 &= table.dtype() == DType.F32 && table.isContiguous();
        }
        if (f32) {
            return BertFusedOps.embeddingSum(inputIds, types, wordEmbeddings, tokenTypeEmbeddings, positionEmbeddings);
        }
        return Functional.embedding(inputIds, wordEmbeddings)                                      // (B, T, C)
                .add_(Functional.embedding(types, tokenTypeEmbeddings))
                .add_(positionEmbeddings.narrow(0, 0, t))                                           // (T, C) broadcast
                .reshape(b * t, config.hiddenSize());
    }

    /** One post-norm layer, in place on the rows buf.h (B·T, C). */
    private void layer(Layer l, Buffers buf, Tensor mask, int b, int t, int tp) {
        Tensor h = buf.h();
        l.qkv().forwardInto(h, buf.qkv(), false);                                                 // (B·T, 3C)
        attention(buf, mask, b, t, tp);                                                             // (B·T, C)
        l.attentionOut().forwardInto(buf.context(), h, true);                                      // h += ctx·Wᵀ + b
        layerNorm(h, l.attentionNormWeight(), l.attentionNormBias());
        l.up().forwardInto(h, buf.up(), false);                                                    // (B·T, I)
        activate(buf.up());
        l.down().forwardInto(buf.up(), h, true);                                                   // h += up·Wᵀ + b
        layerNorm(h, l.outputNormWeight(), l.outputNormBias());
    }

    /**
     * {@code context = softmax(q kᵀ / √D + mask) v} for every sentence and head, reading q, k, v as strided
     * views of the (B·T, 3C) projection and writing each head's D columns of the (B·T, C) context.
     * Sentences are shared out on the kernel threads.
     */
    private void attention(Buffers buf, Tensor mask, int b, int t, int tp) {
        int c = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int d = config.headSize();
        Tensor qkv = buf.qkv();
        Tensor scores = buf.scores();
        Tensor context = buf.context();
        float divisor = (float) Math.sqrt(d);
        long grain = Math.max(1, (1L << 16) / ((long) heads * t * tp * d));
        Parallel.forRange(b, grain, (from, to) -> {
            for (int s = (int) from; s < to; s++) {
                long rows = qkv.offset() + (long) s * t * 3 * c;                                    // sentence s
                long sc = scores.offset() + (long) s * heads * t * tp;
                // scores[s][head] (T, T of Tp) = q (T, D) · kᵀ (D, T), one batch entry per head
                gemm(new GemmSpec(heads, t, t, d,
                        DType.F32, qkv.segment(), rows, d, 3L * c, 1,
                        DType.F32, qkv.segment(), rows + c, d, 1, 3L * c,
                        DType.F32, scores.segment(), sc, (long) t * tp, tp, false));
                BertFusedOps.maskedSoftmaxInPlace(scores.narrow(0, s, 1),
                        mask == null ? null : mask.narrow(0, s, 1), divisor);
                // context[s] (T, C), head columns: scores[s][head] (T, T of Tp) · v (T, D)
                gemm(new GemmSpec(heads, t, d, t,
                        DType.F32, scores.segment(), sc, (long) t * tp, tp, 1,
                        DType.F32, qkv.segment(), rows + 2L * c, d, 3L * c, 1,
                        DType.F32, context.segment(), context.offset() + (long) s * t * c, d, c, false));
            }
        });
    }

    /*
     * Which kernels run: the Java ones unless a backend is forced (Backends.use, GATUN_BACKEND) and takes
     * the call. The native backend, merely installed, is not chosen here: measured on MiniLM (one thread),
     * its per-call cost made these small calls slower, from 4.8 to 10.3 CPU ms per batch32 sentence with
     * the per-head attention products on it and still from 7.9 to 13.1 per single sentence with only
     * GELU and layer norm on it.
     */

    private static void gemm(GemmSpec spec) {
        Backend forced = Backends.forced();
        if (forced != null && forced.supportsGemm(spec)) {
            forced.gemm(spec);
        } else {
            Gemm.run(spec);
        }
    }

    /** The forced backend when it takes {@code spec}, else null for the fused Java kernel. */
    private static Backend forcedFor(KernelSpec spec) {
        Backend forced = Backends.forced();
        return forced != null && forced != Backends.java() && forced.supports(spec) ? forced : null;
    }

    /** Layer norm in place on rows x (R, C). */
    private void layerNorm(Tensor x, Tensor weight, Tensor bias) {
        LayerNormSpec spec = new LayerNormSpec(x, weight, bias, config.layerNormEps(), x);
        Backend backend = forcedFor(spec);
        if (backend != null) {
            backend.execute(spec);
        } else {
            BertFusedOps.addLayerNormInPlace(x, null, null, weight, bias, config.layerNormEps());
        }
    }

    /** The feed-forward activation in place. */
    private void activate(Tensor x) {
        ActivationSpec.Kind kind = switch (activation) {
            case GELU -> ActivationSpec.Kind.GELU;
            case GELU_TANH -> ActivationSpec.Kind.GELU_TANH;
            case RELU -> null;
        };
        if (kind != null) {
            ActivationSpec spec = new ActivationSpec(kind, x, x);
            Backend backend = forcedFor(spec);
            if (backend != null) {
                backend.execute(spec);
                return;
            }
        }
        BertFusedOps.biasActivationInPlace(x, null, activation);
    }

    public BertConfig config() {
        return config;
    }
}
