package dev.gatun.models.bert;

import dev.gatun.nn.Embedding;
import dev.gatun.nn.Init;
import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import dev.gatun.tensor.io.TensorSource;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A BERT encoder (Devlin et al., https://arxiv.org/abs/1810.04805) with Hugging Face's
 * {@code BertModel} structure and state-dict names, so its checkpoints load by name:
 * {@code embeddings.*}, {@code encoder.layer.N.*}, and {@code pooler.dense.*} when it has a pooler.
 *
 * <p>The same code runs inference and training: under {@link Autograd#noGrad()} nothing is recorded;
 * otherwise every parameter receives a gradient. Dropout is active in training mode only.
 *
 * <p><b>Threads.</b> Layers hold only their parameters, so a model in evaluation mode may run
 * {@link #forward} on many threads at once, each in its own {@link dev.gatun.tensor.Scope}; training
 * (mode, gradients, dropout generators) belongs to one thread.
 *
 * {@snippet :
 * BertModel bert = BertModel.load(Path.of("models/all-MiniLM-L6-v2"));
 * try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
 *     BertModelOutput out = bert.forward(ids, mask, null);   // ids, mask (B, T)
 *     Tensor h = out.lastHiddenState();                       // (B, T, C)
 * }
 * }
 */
public final class BertModel extends Module {
    /** The standard deviation of the normal initialisation of weights, as {@code initializer_range}. */
    public static final double INITIALIZER_RANGE = 0.02;

    private final BertConfig config;
    private final BertEmbeddings embeddings;
    private final BertEncoder encoder;
    private final BertPooler pooler;

    /**
     * A randomly initialised model as Hugging Face initialises one: weights from N(0, 0.02), biases 0,
     * layer norms 1 and 0, the padding row of the word embeddings 0.
     *
     * @param addPoolingLayer whether to include the pooler
     */
    public BertModel(BertConfig config, boolean addPoolingLayer, RandomGenerator rng) {
        this(config, addPoolingLayer, rng, true);
    }

    private BertModel(BertConfig config, boolean addPoolingLayer, RandomGenerator rng, boolean initialise) {
        this.config = config;
        embeddings = registerModule("embeddings", new BertEmbeddings(config, rng));
        encoder = registerModule("encoder", new BertEncoder(config, rng));
        pooler = addPoolingLayer ? registerModule("pooler", new BertPooler(config, rng)) : null;
        if (initialise) {
            initWeights(rng);
        }
    }

    private void initWeights(RandomGenerator rng) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Module m : namedModules().values()) {
                switch (m) {
                    case Linear l -> {
                        Init.normal_(l.weight(), 0, INITIALIZER_RANGE, rng);
                        Init.constant_(l.bias(), 0);
                    }
                    case Embedding e -> Init.normal_(e.weight(), 0, INITIALIZER_RANGE, rng);
                    case LayerNorm n -> {
                        Init.constant_(n.weight(), 1);
                        Init.constant_(n.bias(), 0);
                    }
                    default -> {
                    }
                }
            }
            Tensor words = embeddings.wordEmbeddings().weight();
            if (config.padTokenId() >= 0 && config.padTokenId() < config.vocabSize()) {
                words.select(0, config.padTokenId()).fill_(0);
            }
        }
    }

    /**
     * Loads a model folder: {@code config.json} and safetensors weights (one file or sharded), in
     * evaluation mode. The pooler is included when the checkpoint has {@code pooler.dense.weight}.
     *
     * <p>Keys are matched strictly. A checkpoint of a model with heads ({@code bert.*} keys, as
     * {@code BertForMaskedLM} saves) loads its {@code bert.*} part; the {@code embeddings.position_ids}
     * buffer that older versions of transformers saved is ignored. Weights are converted to F32.
     *
     * @throws GatunException if the folder lacks a file, the config is invalid, or keys or shapes do not
     *     match; the message names the folder and every mismatch
     */
    public static BertModel load(Path folder) {
        BertConfig config = BertConfig.read(folder);
        try (TensorSource source = Safetensors.openModel(folder)) {
            Map<String, Tensor> state = bertKeys(TensorFiles.tensors(source));
            BertModel model;
            try (Init.Skipping ignored = Init.skipping()) {                  // the checkpoint sets every value
                model = new BertModel(config, state.containsKey("pooler.dense.weight"), new SplittableRandom(0), false);
            }
            try {
                model.loadStateDict(state, true);
            } catch (GatunException e) {
                throw new GatunException(folder + ": " + e.getMessage(), e);
            }
            model.eval();
            return model;
        }
    }

    /** The encoder's own keys: {@code bert.} prefixes removed (heads dropped), the position-id buffer dropped. */
    static Map<String, Tensor> bertKeys(Map<String, Tensor> state) {
        boolean prefixed = state.keySet().stream().anyMatch(k -> k.startsWith("bert."));
        Map<String, Tensor> out = new LinkedHashMap<>();
        state.forEach((k, v) -> {
            String key = prefixed ? (k.startsWith("bert.") ? k.substring(5) : null) : k;
            if (key != null && !key.equals("embeddings.position_ids")) {
                out.put(key, v);
            }
        });
        return out;
    }

    /**
     * Runs the encoder.
     *
     * @param inputIds token ids (B, T), integer
     * @param attentionMask 1 for tokens, 0 for padding (B, T), any dtype; null attends everywhere
     * @param tokenTypeIds segment ids (B, T), integer; null for all zeros
     * @return the last hidden state (B, T, C) and the pooled output (B, C) if the model has a pooler
     */
    public BertModelOutput forward(Tensor inputIds, Tensor attentionMask, Tensor tokenTypeIds) {
        checkInputs(config, inputIds, attentionMask, tokenTypeIds);
        Tensor types = tokenTypeIds != null ? tokenTypeIds : Tensor.zeros(DType.I64, inputIds.shape());
        Tensor mask = attentionMask == null ? null : extendedAttentionMask(attentionMask);
        Tensor hidden = embeddings.forward(inputIds, types);                  // (B, T, C)
        hidden = encoder.forward(hidden, mask);                                // (B, T, C)
        return new BertModelOutput(hidden, pooler == null ? null : pooler.forward(hidden));
    }

    /**
     * Hugging Face's extended attention mask: {@code (1 - mask) * finfo(float32).min}, shaped to add to
     * the scores of every head: (B, T) -> (B, 1, 1, T), F32.
     */
    public static Tensor extendedAttentionMask(Tensor attentionMask) {
        int b = attentionMask.size(0);
        int t = attentionMask.size(1);
        Tensor m = attentionMask.detach().to(DType.F32);
        // (1 - m) * min written as (m - 1) * max: the same values, with +0 rather than -0 for kept tokens.
        return m.sub(1.0).mul(Float.MAX_VALUE).reshape(b, 1, 1, t);           // (B, 1, 1, T)
    }

    static void checkInputs(BertConfig config, Tensor ids, Tensor mask, Tensor types) {
        if (ids.rank() != 2 || ids.dtype().isFloatingPoint()) {
            throw new GatunException("BERT input_ids must be integers (B, T), got " + ids.dtype() + " "
                    + Arrays.toString(ids.shape()));
        }
        if (ids.size(1) > config.maxPositionEmbeddings()) {
            throw new GatunException("BERT input of " + ids.size(1) + " tokens is longer than max_position_embeddings "
                    + config.maxPositionEmbeddings());
        }
        for (Tensor t : new Tensor[] {mask, types}) {
            if (t != null && !Arrays.equals(t.shape(), ids.shape())) {
                throw new GatunException("BERT attention_mask and token_type_ids must have the shape of input_ids "
                        + Arrays.toString(ids.shape()) + ", got " + Arrays.toString(t.shape()));
            }
        }
        if (types != null && types.dtype().isFloatingPoint()) {
            throw new GatunException("BERT token_type_ids must be integers, got " + types.dtype());
        }
    }

    public BertConfig config() {
        return config;
    }

    public BertEmbeddings embeddings() {
        return embeddings;
    }

    public BertEncoder encoder() {
        return encoder;
    }

    /** Whether the model has a pooler, so {@link BertModelOutput#pooledOutput()} is not null. */
    public boolean hasPooler() {
        return pooler != null;
    }
}
