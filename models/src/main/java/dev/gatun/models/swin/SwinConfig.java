package dev.gatun.models.swin;

import dev.gatun.models.ConfigFile;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The hyper-parameters of a Swin Transformer, v1 or v2, as Hugging Face's {@code SwinConfig} and
 * {@code Swinv2Config} name them in {@code config.json} ({@code embed_dim} becomes {@link #embedDim()},
 * and so on). Defaults are those of {@code microsoft/swin-tiny-patch4-window7-224}.
 *
 * @param modelType {@code "swin"} (v1) or {@code "swinv2"}
 * @param imageSize the side of the square training image; the v2 stages fix their windows from it, and
 *     absolute position embeddings are sized by it
 * @param patchSize the side of a square patch (the stem convolution's kernel and stride)
 * @param numChannels input image channels
 * @param embedDim width of stage 0 (C); stage s has {@code embedDim * 2^s} channels
 * @param depths blocks per stage
 * @param numHeads attention heads per stage; each must divide its stage's width
 * @param windowSize the side of an attention window, in tokens
 * @param mlpRatio the feed-forward width as a multiple of the stage width
 * @param qkvBias whether query and value (and, in v1, key) projections have biases
 * @param hiddenDropoutProb dropout after embeddings and feed-forward outputs, when training
 * @param attentionProbsDropoutProb dropout on attention probabilities and outputs, when training
 * @param dropPathRate the largest stochastic-depth rate, reached by the last block, when training
 * @param hiddenAct the feed-forward activation: {@code "gelu"} (exact), {@code "gelu_new"} or
 *     {@code "gelu_pytorch_tanh"} (tanh approximation), or {@code "relu"}
 * @param useAbsoluteEmbeddings whether a learned position embedding is added after the patch embedding
 * @param layerNormEps eps of the blocks' and the final layer norm (the stem and merging norms use 1e-5)
 * @param encoderStride the total downsampling, used only by masked-image-modelling heads
 * @param pretrainedWindowSizes v2 only: per stage, the window the continuous position bias was trained
 *     with (0: the stage's own window)
 * @param id2label class names by index; its size is the number of classifier outputs
 */
public record SwinConfig(String modelType, int imageSize, int patchSize, int numChannels, int embedDim,
                         List<Integer> depths, List<Integer> numHeads, int windowSize, double mlpRatio,
                         boolean qkvBias, double hiddenDropoutProb, double attentionProbsDropoutProb,
                         double dropPathRate, String hiddenAct, boolean useAbsoluteEmbeddings, double layerNormEps,
                         int encoderStride, List<Integer> pretrainedWindowSizes, List<String> id2label) {

    /** The model types this config reads. */
    public static final Set<String> MODEL_TYPES = Set.of("swin", "swinv2");
    /** The activations {@link #hiddenAct()} may name. */
    public static final Set<String> ACTIVATIONS = Set.of("gelu", "gelu_new", "gelu_pytorch_tanh", "relu");

    public SwinConfig {
        if (!MODEL_TYPES.contains(modelType)) {
            throw new GatunException("Swin config: model_type '" + modelType + "' is not supported; expected one of "
                    + MODEL_TYPES.stream().sorted().toList());
        }
        depths = List.copyOf(depths);
        numHeads = List.copyOf(numHeads);
        pretrainedWindowSizes = List.copyOf(pretrainedWindowSizes);
        id2label = List.copyOf(id2label);
        positive("image_size", imageSize);
        positive("patch_size", patchSize);
        positive("num_channels", numChannels);
        positive("embed_dim", embedDim);
        positive("window_size", windowSize);
        if (depths.isEmpty() || depths.size() != numHeads.size()) {
            throw new GatunException("Swin config: depths " + depths + " and num_heads " + numHeads
                    + " must be non-empty lists of the same length");
        }
        for (int s = 0; s < depths.size(); s++) {
            positive("depths[" + s + "]", depths.get(s));
            positive("num_heads[" + s + "]", numHeads.get(s));
            int width = stageDim(embedDim, s);
            if (width % numHeads.get(s) != 0) {
                throw new GatunException("Swin config: stage " + s + " width " + width
                        + " is not a multiple of num_heads[" + s + "] = " + numHeads.get(s));
            }
        }
        if (pretrainedWindowSizes.size() != depths.size()) {
            throw new GatunException("Swin config: pretrained_window_sizes " + pretrainedWindowSizes + " must have one"
                    + " entry per stage (" + depths.size() + ")");
        }
        for (int p : pretrainedWindowSizes) {
            if (p < 0 || p == 1) {
                throw new GatunException("Swin config: pretrained_window_sizes entries must be 0 or >= 2, got "
                        + pretrainedWindowSizes);
            }
        }
        if (modelType.equals("swinv2") && (imageSize / patchSize) >> (depths.size() - 1) < 1) {
            throw new GatunException("Swin v2 config: image_size " + imageSize + " / patch_size " + patchSize
                    + " leaves no tokens in the last of " + depths.size() + " stages; v2 fixes its windows from"
                    + " that grid");
        }
        if (!(mlpRatio > 0) || (int) (mlpRatio * embedDim) < 1) {
            throw new GatunException("Swin config: mlp_ratio must be > 0, got " + mlpRatio);
        }
        if (!ACTIVATIONS.contains(hiddenAct)) {
            throw new GatunException("Swin config: hidden_act '" + hiddenAct + "' is not supported; expected one of "
                    + ACTIVATIONS.stream().sorted().toList());
        }
        probability("hidden_dropout_prob", hiddenDropoutProb);
        probability("attention_probs_dropout_prob", attentionProbsDropoutProb);
        probability("drop_path_rate", dropPathRate);
        if (!(layerNormEps > 0)) {
            throw new GatunException("Swin config: layer_norm_eps must be > 0, got " + layerNormEps);
        }
    }

    /** A v1 or v2 config with swin-tiny's remaining defaults, dropout and drop path off, and no labels. */
    public static SwinConfig of(boolean v2, int imageSize, int patchSize, int embedDim, List<Integer> depths,
                                List<Integer> numHeads, int windowSize, int numLabels) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < numLabels; i++) {
            labels.add("LABEL_" + i);
        }
        List<Integer> pretrained = depths.stream().map(d -> 0).toList();
        return new SwinConfig(v2 ? "swinv2" : "swin", imageSize, patchSize, 3, embedDim, depths, numHeads, windowSize,
                4.0, true, 0, 0, 0, "gelu", false, 1e-5, 32, pretrained, labels);
    }

    /** Whether this is a Swin v2 config. */
    public boolean isV2() {
        return modelType.equals("swinv2");
    }

    /** Number of stages. */
    public int numLayers() {
        return depths.size();
    }

    /** Channels of stage {@code s}: {@code embedDim * 2^s}. */
    public int stageDim(int s) {
        return stageDim(embedDim, s);
    }

    /** Channels of the last stage, the width of the output (HF's {@code hidden_size}). */
    public int hiddenSize() {
        return stageDim(numLayers() - 1);
    }

    /** Number of classifier outputs. */
    public int numLabels() {
        return id2label.size();
    }

    /** The prefix of the base model's keys in a checkpoint with a head: {@code swin.} or {@code swinv2.}. */
    public String prefix() {
        return modelType + ".";
    }

    private static int stageDim(int embedDim, int s) {
        return embedDim << s;
    }

    /**
     * Reads a parsed {@code config.json}. Missing optional keys take Hugging Face's defaults; without
     * {@code id2label} there are {@code num_labels} (default 2) classes, as in {@code PretrainedConfig}.
     */
    public static SwinConfig fromJson(Map<String, ?> json) {
        String type = Json.getString(json, "model_type", "swin");
        int layers = json.containsKey("depths") ? Json.getList(json, "depths").size() : 4;
        List<Integer> zeros = new ArrayList<>();
        for (int i = 0; i < layers; i++) {
            zeros.add(0);
        }
        return new SwinConfig(
                type,
                square(json, "image_size", 224),
                square(json, "patch_size", 4),
                Json.getInt(json, "num_channels", 3),
                Json.getInt(json, "embed_dim", 96),
                ints(json, "depths", List.of(2, 2, 6, 2)),
                ints(json, "num_heads", List.of(3, 6, 12, 24)),
                Json.getInt(json, "window_size", 7),
                Json.getDouble(json, "mlp_ratio", 4.0),
                Json.getBoolean(json, "qkv_bias", true),
                Json.getDouble(json, "hidden_dropout_prob", 0.0),
                Json.getDouble(json, "attention_probs_dropout_prob", 0.0),
                Json.getDouble(json, "drop_path_rate", 0.1),
                Json.getString(json, "hidden_act", "gelu"),
                Json.getBoolean(json, "use_absolute_embeddings", false),
                Json.getDouble(json, "layer_norm_eps", 1e-5),
                Json.getInt(json, "encoder_stride", 32),
                type.equals("swinv2") ? ints(json, "pretrained_window_sizes", zeros) : zeros,
                labels(json));
    }

    /**
     * Reads {@code config.json} from a model folder (or the file itself).
     *
     * @throws GatunException if it is missing, is not a Swin config, or holds invalid values
     */
    public static SwinConfig read(Path folderOrFile) {
        return ConfigFile.read(folderOrFile, "Swin", null, SwinConfig::fromJson);
    }

    /** The {@code config.json} Hugging Face writes for this config. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of(isV2() ? "Swinv2ForImageClassification" : "SwinForImageClassification"));
        m.put("model_type", modelType);
        m.put("image_size", imageSize);
        m.put("patch_size", patchSize);
        m.put("num_channels", numChannels);
        m.put("embed_dim", embedDim);
        m.put("depths", depths);
        m.put("num_heads", numHeads);
        m.put("window_size", windowSize);
        m.put("mlp_ratio", mlpRatio);
        m.put("qkv_bias", qkvBias);
        m.put("hidden_dropout_prob", hiddenDropoutProb);
        m.put("attention_probs_dropout_prob", attentionProbsDropoutProb);
        m.put("drop_path_rate", dropPathRate);
        m.put("hidden_act", hiddenAct);
        m.put("use_absolute_embeddings", useAbsoluteEmbeddings);
        m.put("layer_norm_eps", layerNormEps);
        m.put("encoder_stride", encoderStride);
        if (isV2()) {
            m.put("pretrained_window_sizes", pretrainedWindowSizes);
        }
        Map<String, Object> id2 = new LinkedHashMap<>();
        for (int i = 0; i < id2label.size(); i++) {
            id2.put(Integer.toString(i), id2label.get(i));
        }
        m.put("id2label", id2);
        return m;
    }

    /** An int, or a list of two equal ints (HF accepts both for image and patch sizes). */
    private static int square(Map<String, ?> json, String key, int defaultValue) {
        Object v = json.get(key);
        if (v instanceof List<?> list) {
            List<Integer> pair = ints(json, key, List.of());
            if (list.size() != 2 || !pair.get(0).equals(pair.get(1))) {
                throw new GatunException("Swin config: " + key + " " + list + " is not supported; only square sizes"
                        + " (an integer or two equal integers) are");
            }
            return pair.get(0);
        }
        return Json.getInt(json, key, defaultValue);
    }

    private static List<Integer> ints(Map<String, ?> json, String key, List<Integer> defaultValue) {
        if (json.get(key) == null) {
            return defaultValue;
        }
        List<Integer> out = new ArrayList<>();
        for (Object o : Json.getList(json, key)) {
            if (!(o instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new GatunException("Swin config: " + key + " must be a list of integers, got "
                        + Json.describe(o) + " in it");
            }
            out.add(n.intValue());
        }
        return out;
    }

    private static List<String> labels(Map<String, ?> json) {
        if (json.get("id2label") == null) {
            int n = Json.getInt(json, "num_labels", 2);
            List<String> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add("LABEL_" + i);
            }
            return out;
        }
        Map<String, Object> map = Json.getObject(json, "id2label");
        String[] out = new String[map.size()];
        for (Map.Entry<String, Object> e : map.entrySet()) {
            int index;
            try {
                index = Integer.parseInt(e.getKey());
            } catch (NumberFormatException ex) {
                index = -1;
            }
            if (index < 0 || index >= out.length || out[index] != null) {
                throw new GatunException("Swin config: id2label keys must be the indices 0.." + (out.length - 1)
                        + ", got '" + e.getKey() + "'");
            }
            out[index] = String.valueOf(e.getValue());
        }
        return List.of(out);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new GatunException("Swin config: " + key + " must be >= 1, got " + value);
        }
    }

    private static void probability(String key, double p) {
        if (!(p >= 0 && p < 1)) {
            throw new GatunException("Swin config: " + key + " must be in [0, 1), got " + p);
        }
    }
}
