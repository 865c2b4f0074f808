package dev.gatun.models.vit;

import dev.gatun.models.ConfigFile;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The hyper-parameters of a Vision Transformer, as Hugging Face's {@code ViTConfig} names them in
 * {@code config.json} ({@code hidden_size} becomes {@link #hiddenSize()}, and so on). Missing keys take
 * {@code ViTConfig}'s defaults, which describe {@code google/vit-base-patch16-224}.
 *
 * @param hiddenSize the model width (C), default 768
 * @param numHiddenLayers encoder layers, default 12
 * @param numAttentionHeads attention heads per layer (H), default 12; must divide {@code hiddenSize}
 * @param intermediateSize width of the feed-forward layer, default 3072
 * @param hiddenAct the feed-forward activation, one of {@link #ACTIVATIONS}; default {@code "gelu"} (exact)
 * @param hiddenDropoutProb dropout after embeddings and each sub-layer when training, default 0
 * @param attentionProbsDropoutProb dropout on attention probabilities when training, default 0
 * @param initializerRange standard deviation of the initial weights of a new model, default 0.02
 * @param layerNormEps the epsilon of every layer norm, default 1e-12
 * @param imageSize the side of the square images the position embeddings were made for, default 224
 * @param patchSize the side of a square patch, default 16
 * @param numChannels channels of the input image, default 3
 * @param qkvBias whether query, key and value projections have biases, default true
 * @param encoderStride the upsampling factor of the masked-image-modelling head (kept, not used), default 16
 * @param poolerOutputSize width of the pooler's output, default {@code hiddenSize}
 * @param poolerAct the pooler's activation, {@code "tanh"} or one of {@link #ACTIVATIONS}; default tanh
 * @param id2label class index to name, indices 0 to {@code numLabels - 1}
 * @param label2id class name to index
 */
public record ViTConfig(int hiddenSize, int numHiddenLayers, int numAttentionHeads, int intermediateSize,
                        String hiddenAct, double hiddenDropoutProb, double attentionProbsDropoutProb,
                        double initializerRange, double layerNormEps, int imageSize, int patchSize, int numChannels,
                        boolean qkvBias, int encoderStride, int poolerOutputSize, String poolerAct,
                        Map<Integer, String> id2label, Map<String, Integer> label2id) {

    /** The activations {@link #hiddenAct()} may name. */
    public static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_new", "gelu_pytorch_tanh", "relu", "silu");

    public ViTConfig {
        positive("hidden_size", hiddenSize);
        positive("num_hidden_layers", numHiddenLayers);
        positive("num_attention_heads", numAttentionHeads);
        positive("intermediate_size", intermediateSize);
        positive("image_size", imageSize);
        positive("patch_size", patchSize);
        positive("num_channels", numChannels);
        positive("encoder_stride", encoderStride);
        positive("pooler_output_size", poolerOutputSize);
        if (hiddenSize % numAttentionHeads != 0) {
            throw new GatunException("ViT config: hidden_size " + hiddenSize + " is not a multiple of"
                    + " num_attention_heads " + numAttentionHeads);
        }
        if (patchSize > imageSize) {
            throw new GatunException("ViT config: patch_size " + patchSize + " is larger than image_size " + imageSize);
        }
        activation("hidden_act", hiddenAct, false);
        activation("pooler_act", poolerAct, true);
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        if (!(layerNormEps > 0)) {
            throw new GatunException("ViT config: layer_norm_eps must be > 0, got " + layerNormEps);
        }
        if (!(initializerRange >= 0)) {
            throw new GatunException("ViT config: initializer_range must be >= 0, got " + initializerRange);
        }
        id2label = Map.copyOf(id2label);
        label2id = Map.copyOf(label2id);
        for (int i = 0; i < id2label.size(); i++) {
            if (!id2label.containsKey(i)) {
                throw new GatunException("ViT config: id2label must number its classes 0 to " + (id2label.size() - 1)
                        + ", got ids " + new TreeMap<>(id2label).keySet());
            }
        }
    }

    /**
     * A config with the given shape and every other value at {@code ViTConfig}'s default (exact GELU,
     * no dropout, eps 1e-12, 3 channels, pooler width C), with {@code numLabels} classes named
     * {@code LABEL_0, LABEL_1, ...}.
     */
    public static ViTConfig of(int imageSize, int patchSize, int hiddenSize, int numHiddenLayers,
                               int numAttentionHeads, int intermediateSize, int numLabels) {
        Map<Integer, String> id2label = defaultLabels(numLabels);
        return new ViTConfig(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, "gelu", 0, 0, 0.02,
                1e-12, imageSize, patchSize, 3, true, patchSize, hiddenSize, "tanh", id2label, inverse(id2label));
    }

    /** The size of one attention head (D = C / H). */
    public int headSize() {
        return hiddenSize / numAttentionHeads;
    }

    /** Patches along each side of an {@code imageSize} image: {@code imageSize / patchSize}. */
    public int gridSize() {
        return imageSize / patchSize;
    }

    /** Patch tokens of an {@code imageSize} image (T - 1: the CLS token is not a patch). */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /** The number of classes of the classification head: the size of {@link #id2label()}. */
    public int numLabels() {
        return id2label.size();
    }

    /** This config with other dropout probabilities (0 turns dropout off in training). */
    public ViTConfig withDropout(double hidden, double attentionProbs) {
        return new ViTConfig(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, hiddenAct, hidden,
                attentionProbs, initializerRange, layerNormEps, imageSize, patchSize, numChannels, qkvBias,
                encoderStride, poolerOutputSize, poolerAct, id2label, label2id);
    }

    /** This config with another feed-forward activation. */
    public ViTConfig withHiddenAct(String act) {
        return new ViTConfig(hiddenSize, numHiddenLayers, numAttentionHeads, intermediateSize, act,
                hiddenDropoutProb, attentionProbsDropoutProb, initializerRange, layerNormEps, imageSize, patchSize,
                numChannels, qkvBias, encoderStride, poolerOutputSize, poolerAct, id2label, label2id);
    }

    /**
     * Reads a parsed {@code config.json}. Labels follow Hugging Face's {@code PretrainedConfig}: an
     * {@code id2label} object gives the classes, else {@code num_labels} classes named {@code LABEL_i},
     * else two; {@code label2id} defaults to the inverse of {@code id2label}.
     */
    public static ViTConfig fromJson(Map<String, ?> json) {
        int hidden = Json.getInt(json, "hidden_size", 768);
        int patch = Json.getInt(json, "patch_size", 16);
        Map<Integer, String> id2label = json.get("id2label") != null
                ? readId2label(Json.getObject(json, "id2label"))
                : defaultLabels(Json.getInt(json, "num_labels", 2));
        Map<String, Integer> label2id = json.get("label2id") != null
                ? readLabel2id(Json.getObject(json, "label2id")) : inverse(id2label);
        return new ViTConfig(
                hidden,
                Json.getInt(json, "num_hidden_layers", 12),
                Json.getInt(json, "num_attention_heads", 12),
                Json.getInt(json, "intermediate_size", 3072),
                Json.getString(json, "hidden_act", "gelu"),
                Json.getDouble(json, "hidden_dropout_prob", 0.0),
                Json.getDouble(json, "attention_probs_dropout_prob", 0.0),
                Json.getDouble(json, "initializer_range", 0.02),
                Json.getDouble(json, "layer_norm_eps", 1e-12),
                Json.getInt(json, "image_size", 224),
                patch,
                Json.getInt(json, "num_channels", 3),
                Json.getBoolean(json, "qkv_bias", true),
                Json.getInt(json, "encoder_stride", 16),
                Json.getInt(json, "pooler_output_size", hidden),
                Json.getString(json, "pooler_act", "tanh"),
                id2label,
                label2id);
    }

    /**
     * Reads {@code config.json} from a model folder (or the file itself).
     *
     * @throws GatunException if it is missing, is not a ViT config, or holds invalid values; the message
     *     names the file
     */
    public static ViTConfig read(Path folderOrFile) {
        return ConfigFile.read(folderOrFile, "ViT", "vit", ViTConfig::fromJson);
    }

    /** The {@code config.json} of a model with the given architecture name, with the keys Hugging Face writes. */
    public Map<String, Object> toJson(String architecture) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of(architecture));
        m.put("model_type", "vit");
        m.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        m.put("encoder_stride", encoderStride);
        m.put("hidden_act", hiddenAct);
        m.put("hidden_dropout_prob", hiddenDropoutProb);
        m.put("hidden_size", hiddenSize);
        Map<String, Object> ids = new LinkedHashMap<>();
        new TreeMap<>(id2label).forEach((id, name) -> ids.put(Integer.toString(id), name));
        m.put("id2label", ids);
        m.put("image_size", imageSize);
        m.put("initializer_range", initializerRange);
        m.put("intermediate_size", intermediateSize);
        m.put("label2id", new TreeMap<>(label2id));
        m.put("layer_norm_eps", layerNormEps);
        m.put("num_attention_heads", numAttentionHeads);
        m.put("num_channels", numChannels);
        m.put("num_hidden_layers", numHiddenLayers);
        m.put("patch_size", patchSize);
        m.put("pooler_act", poolerAct);
        m.put("pooler_output_size", poolerOutputSize);
        m.put("qkv_bias", qkvBias);
        m.put("torch_dtype", "float32");
        return m;
    }

    private static Map<Integer, String> readId2label(Map<String, Object> json) {
        Map<Integer, String> out = new LinkedHashMap<>();
        for (String key : json.keySet()) {
            int id;
            try {
                id = Integer.parseInt(key);
            } catch (NumberFormatException e) {
                throw new GatunException("ViT config: id2label keys must be class indices, got '" + key + "'", e);
            }
            out.put(id, Json.getString(json, key));
        }
        return out;
    }

    private static Map<String, Integer> readLabel2id(Map<String, Object> json) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String key : json.keySet()) {
            out.put(key, Json.getInt(json, key));
        }
        return out;
    }

    private static Map<Integer, String> defaultLabels(int numLabels) {
        if (numLabels < 0) {
            throw new GatunException("ViT config: num_labels must be >= 0, got " + numLabels);
        }
        Map<Integer, String> out = new LinkedHashMap<>();
        for (int i = 0; i < numLabels; i++) {
            out.put(i, "LABEL_" + i);
        }
        return out;
    }

    private static Map<String, Integer> inverse(Map<Integer, String> id2label) {
        Map<String, Integer> out = new LinkedHashMap<>();
        id2label.forEach((id, name) -> out.put(name, id));
        return out;
    }

    private static void activation(String key, String name, boolean allowTanh) {
        if (!ACTIVATIONS.contains(name) && !(allowTanh && name.equals("tanh"))) {
            throw new GatunException("ViT config: " + key + " '" + name + "' is not supported; expected one of "
                    + (allowTanh ? "[tanh] or " : "") + ACTIVATIONS.stream().sorted().toList());
        }
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new GatunException("ViT config: " + key + " must be >= 1, got " + value);
        }
    }

    private static void probability(String key, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new GatunException("ViT config: " + key + " must be in [0, 1), got " + p);
        }
    }
}
