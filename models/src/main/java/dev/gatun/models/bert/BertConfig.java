package dev.gatun.models.bert;

import dev.gatun.models.ConfigFile;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyper-parameters of a BERT encoder, as Hugging Face's {@code BertConfig} names them in
 * {@code config.json} ({@code hidden_size} becomes {@link #hiddenSize()}, and so on).
 *
 * @param vocabSize rows of the word-embedding table (V)
 * @param hiddenSize the model width (C)
 * @param numHiddenLayers encoder layers
 * @param numAttentionHeads attention heads per layer (H); must divide {@code hiddenSize}
 * @param intermediateSize width of the feed-forward layer
 * @param hiddenAct the feed-forward activation: {@code "gelu"} (exact, erf), {@code "gelu_new"} or
 *     {@code "gelu_pytorch_tanh"} (tanh approximation), or {@code "relu"}
 * @param hiddenDropoutProb dropout after embeddings and each sub-layer, when training
 * @param attentionProbsDropoutProb dropout on attention probabilities, when training
 * @param maxPositionEmbeddings rows of the position-embedding table: the longest input
 * @param typeVocabSize rows of the token-type (segment) table
 * @param layerNormEps the epsilon of every layer norm
 * @param padTokenId the id of the padding token
 */
public record BertConfig(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                         int intermediateSize, String hiddenAct, double hiddenDropoutProb,
                         double attentionProbsDropoutProb, int maxPositionEmbeddings, int typeVocabSize,
                         double layerNormEps, int padTokenId) {

    /** The activations {@link #hiddenAct()} may name. */
    public static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_new", "gelu_pytorch_tanh", "relu");

    public BertConfig {
        positive("vocab_size", vocabSize);
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("max_position_embeddings", maxPositionEmbeddings);
        positive("type_vocab_size", typeVocabSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new GatunException("BERT config: hidden_size " + hiddenSize + " is not a multiple of"
                    + " num_attention_heads " + numAttentionHeads);
        }
        if (!ACTIVATIONS.contains(hiddenAct)) {
            throw new GatunException("BERT config: hidden_act '" + hiddenAct + "' is not supported; expected one of "
                    + ACTIVATIONS.stream().sorted().toList());
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(layerNormEps > 0)) {
            throw new GatunException("BERT config: layer_norm_eps must be > 0, got " + layerNormEps);
        }
    }

    /** The BERT-base shape with a given size, dropout 0.1 and eps 1e-12, as {@code BertConfig()} defaults. */
    public static BertConfig of(int vocabSize, int hiddenSize, int numHiddenLayers, int numAttentionHeads,
                                int intermediateSize, int maxPositionEmbeddings) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, "gelu",
                0.1, 0.1, maxPositionEmbeddings, 2, 1e-12, 0);
    }

    /** The size of one attention head (D = C / H). */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** This config with other dropout probabilities (0 turns dropout off in training). */
    public BertConfig withDropout(double hidden, double attentionProbs) {
        return new BertConfig(vocabSize, hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize,
                hiddenAct, hidden, attentionProbs, maxPositionEmbeddings, typeVocabSize, layerNormEps, padTokenId);
    }

    /**
     * Reads a parsed {@code config.json}. Missing optional keys take {@code BertConfig}'s defaults; a
     * {@code position_embedding_type} other than {@code "absolute"} is rejected.
     */
    public static BertConfig fromJson(Map<String, ?> json) {
        String positions = Json.getString(json, "position_embedding_type", "absolute");
        if (!positions.equals("absolute")) {
            throw new GatunException("BERT config: position_embedding_type '" + positions
                    + "' is not supported; only 'absolute' is");
        }
        return new BertConfig(
                Json.getInt(json, "vocab_size"),
                Json.getInt(json, "hidden_size"),
                Json.getInt(json, "num_hidden_layers"),
                Json.getInt(json, "num_attention_heads"),
                Json.getInt(json, "intermediate_size"),
                Json.getString(json, "hidden_act", "gelu"),
                Json.getDouble(json, "hidden_dropout_prob", 0.1),
                Json.getDouble(json, "attention_probs_dropout_prob", 0.1),
                Json.getInt(json, "max_position_embeddings", 512),
                Json.getInt(json, "type_vocab_size", 2),
                Json.getDouble(json, "layer_norm_eps", 1e-12),
                Json.getInt(json, "pad_token_id", 0));
    }

    /**
     * Reads {@code config.json} from a model folder (or the file itself).
     *
     * @throws GatunException if it is missing, is not a BERT config, or holds invalid values
     */
    public static BertConfig read(Path folderOrFile) {
        return ConfigFile.read(folderOrFile, "BERT", "bert", BertConfig::fromJson);
    }

    /** The {@code config.json} of a {@code BertModel}, with the keys Hugging Face writes. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of("BertModel"));
        m.put("model_type", "bert");
        m.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        m.put("hidden_act", hiddenAct);
        m.put("hidden_dropout_prob", hiddenDropoutProb);
        m.put("hidden_size", hiddenSize);
        m.put("initializer_range", 0.02);
        m.put("intermediate_size", intermediateSize);
        m.put("layer_norm_eps", layerNormEps);
        m.put("max_position_embeddings", maxPositionEmbeddings);
        m.put("num_attention_heads", numAttentionHeads);
        m.put("num_hidden_layers", numHiddenLayers);
        m.put("pad_token_id", padTokenId);
        m.put("position_embedding_type", "absolute");
        m.put("torch_dtype", "float32");
        m.put("type_vocab_size", typeVocabSize);
        m.put("vocab_size", vocabSize);
        return m;
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new GatunException("BERT config: " + key + " must be >= 1, got " + value);
        }
    }

    private static void probability(String key, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new GatunException("BERT config: " + key + " must be in [0, 1), got " + p);
        }
    }
}
