package dev.gatun.models.sentence;

import dev.gatun.models.bert.BertInference;
import dev.gatun.models.bert.BertModel;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;

/**
 * A sentence-transformers model on token ids: BERT, then pooling over the attention mask, then (if the
 * model says so) L2 normalisation. Tokenization and batching of text live above it, in the engine.
 *
 * <p>Two paths compute the same vectors: {@link #forward} runs the composed, differentiable
 * {@link BertModel} (for fine-tuning, and as the reference); {@link #encode} runs the fused
 * {@link BertInference} snapshot taken when the encoder was made (for serving). After training the
 * model, make a new encoder for {@code encode} to see the new weights.
 *
 * <p>Immutable; in evaluation mode one encoder may run on many threads at once, each call in its own
 * {@link dev.gatun.tensor.Scope}.
 *
 * {@snippet :
 * SentenceEncoder encoder = SentenceEncoder.load(Path.of("models/all-MiniLM-L6-v2"));
 * try (Scope s = Scope.open()) {
 *     float[] vectors = encoder.encode(ids, mask, null).toFloatArray();   // (B, C) flattened
 * }
 * }
 */
public final class SentenceEncoder {
    private final BertModel model;
    private final SentenceTransformerConfig config;
    private final BertInference inference;

    /** An encoder over {@code model}; its inference snapshot is taken now, in the current scope. */
    public SentenceEncoder(BertModel model, SentenceTransformerConfig config) {
        this.model = model;
        this.config = config;
        this.inference = BertInference.of(model);
    }

    /**
     * Loads the model folder {@code dir}: the BERT weights ({@link BertModel#load}) and the
     * sentence-transformers pipeline ({@link SentenceTransformerConfig#read}), in evaluation mode.
     * Weights are allocated in the scope current during the call.
     */
    public static SentenceEncoder load(Path dir) {
        BertModel model = BertModel.load(dir);
        return new SentenceEncoder(model, SentenceTransformerConfig.read(dir, model.config().hiddenSize()));
    }

    /**
     * Sentence vectors of a padded batch.
     *
     * @param inputIds token ids (B, T)
     * @param attentionMask 1 for tokens, 0 for padding (B, T)
     * @param tokenTypeIds segment ids (B, T), or null for zeros
     * @return (B, C), of unit length when the model normalises
     */
    public Tensor forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) {
        Tensor hidden = model.forward(inputIds, attentionMask, tokenTypeIds).lastHiddenState();   // (B, T, C)
        Tensor pooled = config.pooling().apply(hidden, attentionMask);                            // (B, C)
        return config.normalize() ? Pooling.normalize(pooled) : pooled;
    }

    /**
     * Sentence vectors of a padded batch by the fast inference path, without autograd: the same values as
     * {@link #forward} up to float rounding.
     *
     * @return (B, C)
     */
    public Tensor encode(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor hidden = inference.forward(inputIds, attentionMask, tokenTypeIds);                // (B, T, C)
            Tensor mask = attentionMask != null ? attentionMask : Tensor.ones(DType.I64, inputIds.shape());
            Tensor pooled = config.pooling().apply(hidden, mask);                                    // (B, C)
            return config.normalize() ? Pooling.normalize(pooled) : pooled;
        }
    }

    /**
     * Sentence vectors of sequences laid end to end without padding ({@link BertInference#forwardRagged}),
     * without autograd: the same values as {@link #encode} gives for them in a padded batch, up to float
     * rounding, at the cost of their real tokens only.
     *
     * @param inputIds token ids (R) of every sequence, one after another
     * @param tokenTypeIds segment ids (R), or null for zeros
     * @param lengths each sequence's length (at least 1), summing to R
     * @return (S, C)
     */
    public Tensor encodeRagged(Tensor inputIds, Tensor tokenTypeIds, int[] lengths) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor rows = inference.forwardRagged(inputIds, tokenTypeIds, lengths);                // (R, C)
            Tensor pooled = config.pooling().applyRagged(rows, lengths);                          // (S, C)
            return config.normalize() ? Pooling.normalize(pooled) : pooled;
        }
    }

    public BertModel model() {
        return model;
    }

    public SentenceTransformerConfig config() {
        return config;
    }

    /** The length of the vectors, C. */
    public int dimension() {
        return model.config().hiddenSize();
    }

    /**
     * The longest input in tokens: {@code max_seq_length} of the folder when it sets one, capped by the
     * model's {@code max_position_embeddings}.
     */
    public int maxSeqLength() {
        int positions = model.config().maxPositionEmbeddings();
        return config.maxSeqLength() > 0 ? Math.min(config.maxSeqLength(), positions) : positions;
    }
}
