package dev.gatun.models.bert;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
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
     * The sequences of one forward call and where their rows and scores lie: sequence s is rows
     * {@code [start[s], start[s] + length[s])} of the (R, C) stream, and its scores (H, T, Tp) start at
     * element {@code scoreStart[s]} of the score buffer, with T its length and Tp that rounded up to whole
     * vectors, so the softmax runs on whole vectors: the padding columns are masked out (they come out 0),
     * and the products read and write only the first T. {@code mask} row s (at least Tp long) is the
     * additive mask of sequence s: 0 to attend, a large negative number for padding; null when no
     * sequence has any.
     */
    private record Sequences(int[] start, int[] length, long[] scoreStart, long scoreSize, int[] longestFirst,
                             Tensor mask) {
        int count() {
            return start.length;
        }

        int rows() {
            return count() == 0 ? 0 : start[count() - 1] + length[count() - 1];
        }

        /** Each row's position in its own sequence, the index into the position embeddings. */
        long[] positions() {
            long[] positions = new long[rows()];
            for (int s = 0; s < count(); s++) {
                for (int i = 0; i < length[s]; i++) {
                    positions[start[s] + i] = i;
                }
            }
            return positions;
        }

        /** Each sequence's length rounded up to whole vectors: the width of its score rows. */
        static int padded(int length) {
            return Math.ceilDiv(length, SCORE_ALIGN) * SCORE_ALIGN;
        }

        /**
         * Lays out sequences of these lengths one after another; mask as described above, or null. The
         * sequences are also ordered longest first, the order attention shares them out in.
         */
        static Sequences of(int[] lengths, int heads, Tensor mask) {
            int n = lengths.length;
            int[] start = new int[n];
            long[] scoreStart = new long[n];
            int row = 0;
            long score = 0;
            for (int s = 0; s < n; s++) {
                start[s] = row;
                scoreStart[s] = score;
                row += lengths[s];
                score += (long) heads * lengths[s] * padded(lengths[s]);
            }
            int[] longestFirst = java.util.stream.IntStream.range(0, n).boxed()
                    .sorted((x, y) -> Integer.compare(lengths[y], lengths[x])).mapToInt(Integer::intValue).toArray();
            return new Sequences(start, lengths.clone(), scoreStart, score, longestFirst, mask);
        }

        /**
         * The column masks (S, longest Tp) of sequences with no padding between their tokens: row s masks
         * the columns from its length up to its Tp; null when every length is already whole vectors.
         */
        static Tensor columnMask(int[] lengths) {
            int widest = 0;
            boolean any = false;
            for (int length : lengths) {
                widest = Math.max(widest, padded(length));
                any |= padded(length) > length;
            }
            if (!any) {
                return null;
            }
            Tensor mask = Tensor.zeros(DType.F32, lengths.length, widest);
            for (int s = 0; s < lengths.length; s++) {
                mask.narrow(0, s, 1).narrow(1, lengths[s], widest - lengths[s]).fill_(-Float.MAX_VALUE);
            }
            return mask;
        }
    }

    /** The buffers of one forward call, reused by every layer; R rows in all. */
    private record Buffers(Tensor h, Tensor qkv, Tensor scores, Tensor context, Tensor up) {
        static Buffers of(BertConfig config, Tensor h, Sequences seqs) {
            int c = config.hiddenSize();
            int r = seqs.rows();
            if (seqs.scoreSize() > Integer.MAX_VALUE) {
                throw new GatunException("BERT: the attention scores of this batch would take " + seqs.scoreSize()
                        + " floats, more than one buffer holds (" + Integer.MAX_VALUE + "); embed it in smaller batches");
            }
            return new Buffers(h,
                    Tensor.zeros(DType.F32, r, 3 * c),                                         // (R, 3C)
                    Tensor.zeros(DType.F32, Math.toIntExact(seqs.scoreSize())),                                  // H·T·Tp per sequence
                    Tensor.zeros(DType.F32, r, c),                                             // (R, C)
                    Tensor.zeros(DType.F32, r, config.intermediateSize()));                    // (R, I)
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
            int tp = Sequences.padded(t);
            Tensor mask = null;                                                                    // (B, Tp)
            if (attentionMask != null || tp > t) {
                mask = Tensor.full(DType.F32, -Float.MAX_VALUE, b, tp);
                mask.narrow(1, 0, t).copy_(attentionMask == null ? Tensor.zeros(DType.F32, b, t)
                        : attentionMask.to(DType.F32).sub(1.0).mul(Float.MAX_VALUE));
            }
            int[] lengths = new int[b];
            java.util.Arrays.fill(lengths, t);
            Tensor h = encode(inputIds.reshape(b * t), types.reshape(b * t),
                    Sequences.of(lengths, config.numAttentionHeads(), mask));                   // (B·T, C)
            return h.reshape(b, t, config.hiddenSize());
        }
    }

    /**
     * The last hidden state of sequences of different lengths laid end to end, with no padding: what
     * {@link #forward} gives for each sequence alone (up to float rounding), and what it gives for the
     * real tokens of a padded batch. Nothing is computed for padding, so a batch of mixed lengths costs
     * only its real tokens: an embedding service need not sort or bucket its inputs by length.
     *
     * @param inputIds token ids (R) of every sequence, one after another: R is the sum of the lengths
     * @param tokenTypeIds segment ids (R), or null for zeros
     * @param lengths each sequence's length, at least 1 and at most {@code max_position_embeddings}
     * @return (R, C) rows, sequence after sequence, contiguous, in the current scope
     */
    public Tensor forwardRagged(Tensor inputIds, Tensor tokenTypeIds, int[] lengths) {
        int rows = checkRagged(inputIds, tokenTypeIds, lengths);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor types = tokenTypeIds != null ? tokenTypeIds : Tensor.zeros(DType.I64, rows);
            return encode(inputIds, types,
                    Sequences.of(lengths, config.numAttentionHeads(), Sequences.columnMask(lengths)));
        }
    }

    /** Checks the ragged inputs, naming the argument at fault; returns R. */
    private int checkRagged(Tensor inputIds, Tensor tokenTypeIds, int[] lengths) {
        if (lengths == null) {
            throw new GatunException("BERT ragged forward: lengths must not be null");
        }
        long total = 0;
        for (int s = 0; s < lengths.length; s++) {
            if (lengths[s] < 1 || lengths[s] > config.maxPositionEmbeddings()) {
                throw new GatunException("BERT ragged forward: length of sequence " + s + " must be in [1, "
                        + config.maxPositionEmbeddings() + "] (max_position_embeddings), got " + lengths[s]);
            }
            total += lengths[s];
        }
        checkRaggedIds(inputIds, "input_ids", total);
        if (tokenTypeIds != null) {
            checkRaggedIds(tokenTypeIds, "token_type_ids", total);
        }
        return (int) total;
    }

    private static void checkRaggedIds(Tensor ids, String name, long total) {
        if (ids == null || ids.rank() != 1 || ids.dtype().isFloatingPoint() || ids.size(0) != total) {
            throw new GatunException("BERT ragged forward: " + name + " must be integer (" + total
                    + ") (the sum of the lengths), got " + (ids == null ? "null"
                    : ids.dtype() + " " + java.util.Arrays.toString(ids.shape())));
        }
    }

    /** Embeddings, their norm and every layer, on rows (R) of ids and types. */
    private Tensor encode(Tensor ids, Tensor types, Sequences seqs) {
        Tensor h = embeddings(ids, types, seqs.positions());                                   // (R, C)
        layerNorm(h, embeddingNormWeight, embeddingNormBias);
        if (seqs.rows() > 0) {
            Buffers buffers = Buffers.of(config, h, seqs);
            for (Layer layer : layers) {
                layer(layer, buffers, seqs);
            }
        }
        return h;
    }

    /** Word + token type + position embeddings (R, C): one fused pass when the tables are contiguous F32. */
    private Tensor embeddings(Tensor ids, Tensor types, long[] positions) {
        boolean f32 = true;
        for (Tensor table : List.of(wordEmbeddings, tokenTypeEmbeddings, positionEmbeddings)) {
            f32 &= table.dtype() == DType.F32 && table.isContiguous();
        }
        if (f32) {
            return BertFusedOps.embeddingSum(ids.toLongArray(), types.toLongArray(), positions,
                    wordEmbeddings, tokenTypeEmbeddings, positionEmbeddings);
        }
        return Functional.embedding(ids, wordEmbeddings)                                           // (R, C)
                .add_(Functional.embedding(types, tokenTypeEmbeddings))
                .add_(Functional.embedding(Tensor.of(positions, positions.length), positionEmbeddings))
                .contiguous();
    }

    /** One post-norm layer, in place on the rows buf.h (R, C). */
    private void layer(Layer l, Buffers buf, Sequences seqs) {
        Tensor h = buf.h();
        l.qkv().forwardInto(h, buf.qkv(), false);                                                 // (R, 3C)
        attention(buf, seqs);                                                                       // (R, C)
        l.attentionOut().forwardInto(buf.context(), h, true);                                      // h += ctx·Wᵀ + b
        layerNorm(h, l.attentionNormWeight(), l.attentionNormBias());
        l.up().forwardInto(h, buf.up(), false);                                                    // (R, I)
        activate(buf.up());
        l.down().forwardInto(buf.up(), h, true);                                                   // h += up·Wᵀ + b
        layerNorm(h, l.outputNormWeight(), l.outputNormBias());
    }

    /**
     * {@code context = softmax(q kᵀ / √D + mask) v} for every sequence and head, reading q, k, v as strided
     * views of the (R, 3C) projection and writing each head's D columns of the (R, C) context. Sequences
     * are shared out on the kernel threads, longest first, each thread claiming the next when it is done.
     */
    private void attention(Buffers buf, Sequences seqs) {
        int c = config.hiddenSize();
        int heads = config.numAttentionHeads();
        int d = config.headSize();
        Tensor qkv = buf.qkv();
        Tensor scores = buf.scores();
        Tensor context = buf.context();
        float divisor = (float) Math.sqrt(d);
        Parallel.forEachIndex(seqs.count(), i -> {
            int s = seqs.longestFirst()[i];
            int t = seqs.length()[s];
            int tp = Sequences.padded(t);
            long rows = qkv.offset() + (long) seqs.start()[s] * 3 * c;                                // sequence s
            long sc = scores.offset() + seqs.scoreStart()[s];
            // scores[s][head] (T, T of Tp) = q (T, D) · kᵀ (D, T), one batch entry per head
            gemm(new GemmSpec(heads, t, t, d,
                    DType.F32, qkv.segment(), rows, d, 3L * c, 1,
                    DType.F32, qkv.segment(), rows + c, d, 1, 3L * c,
                    DType.F32, scores.segment(), sc, (long) t * tp, tp, false));
            BertFusedOps.maskedSoftmaxInPlace(
                    scores.narrow(0, Math.toIntExact(seqs.scoreStart()[s]), heads * t * tp).view(1, heads, t, tp),
                    seqs.mask() == null ? null : seqs.mask().narrow(0, s, 1).narrow(1, 0, tp), divisor);
            // context[s] (T, C), head columns: scores[s][head] (T, T of Tp) · v (T, D)
            gemm(new GemmSpec(heads, t, d, t,
                    DType.F32, scores.segment(), sc, (long) t * tp, tp, 1,
                    DType.F32, qkv.segment(), rows + 2L * c, d, 3L * c, 1,
                    DType.F32, context.segment(), context.offset() + (long) seqs.start()[s] * c, d, c, false));
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
