package dev.gatun.models.auto;

import dev.gatun.models.bert.BertConfig;
import dev.gatun.models.bert.BertModel;
import dev.gatun.models.bert.BertModelOutput;
import dev.gatun.models.swin.SwinConfig;
import dev.gatun.models.swin.SwinForImageClassification;
import dev.gatun.models.swin.SwinModel;
import dev.gatun.models.swin.SwinModelOutput;
import dev.gatun.models.vit.ViTConfig;
import dev.gatun.models.vit.ViTForImageClassification;
import dev.gatun.models.vit.ViTModel;
import dev.gatun.models.vit.ViTModelOutput;
import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The one place that maps a {@code model_type} to the family that builds it. A new family adds a case to
 * {@link #build} and its type to {@link #TYPES}.
 */
final class Families {
    /** Every supported {@code model_type}. */
    static final List<String> TYPES = List.of("vit", "swin", "swinv2", "bert");

    /** What a vision model reads. */
    private static final List<ModelInput> PIXELS = List.of(new ModelInput("pixel_values", false, "(B, 3, H, W)", true));

    /** A classifier has a head when its config names a {@code ...ForImageClassification} architecture. */
    private static final String CLASSIFIER = "ForImageClassification";

    private Families() {
    }

    static AutoModel load(ModelFolder folder) {
        return build(folder, null);
    }

    static AutoModel random(ModelFolder config, RandomGenerator rng) {
        return build(config, rng);
    }

    /** Loads the folder's weights when {@code rng} is null, else builds random ones. */
    private static AutoModel build(ModelFolder folder, RandomGenerator rng) {
        String type = folder.modelType();
        return switch (type) {
            case "vit" -> vit(folder, rng);
            case "swin", "swinv2" -> swin(folder, rng);
            case "bert" -> bert(folder, rng);
            default -> throw new GatunException(folder.describe() + ": model_type is "
                    + (type.isEmpty() ? "missing" : "'" + type + "'") + "; supported model types are "
                    + String.join(", ", TYPES));
        };
    }

    private static AutoModel bert(ModelFolder folder, RandomGenerator rng) {
        BertModel model = rng == null ? BertModel.load(folder.path())
                : new BertModel(BertConfig.fromJson(folder.config()), true, rng);
        model.eval();
        List<ModelInput> inputs = List.of(
                new ModelInput("input_ids", true, "(B, T)", true),
                new ModelInput("attention_mask", true, "(B, T)", false),
                new ModelInput("token_type_ids", true, "(B, T)", false));
        List<String> outputs = model.hasPooler() ? List.of("last_hidden_state", "pooler_output")
                : List.of("last_hidden_state");
        return new AutoModel(folder, "bert", model, inputs, outputs, in -> {
            BertModelOutput out = model.forward(in.get("input_ids"), in.get("attention_mask"), in.get("token_type_ids"));
            Map<String, Tensor> named = new LinkedHashMap<>();
            named.put("last_hidden_state", out.lastHiddenState());
            if (out.pooledOutput() != null) {
                named.put("pooler_output", out.pooledOutput());
            }
            return named;
        });
    }

    private static AutoModel vit(ModelFolder folder, RandomGenerator rng) {
        if (folder.hasArchitectureEndingWith(CLASSIFIER)) {
            ViTForImageClassification model = rng == null ? ViTForImageClassification.load(folder.path())
                    : new ViTForImageClassification(ViTConfig.fromJson(folder.config()), rng);
            return vision(folder, "vit", model, List.of("logits", "last_hidden_state"),
                    pixels -> named(model.forward(pixels)));
        }
        ViTModel model = rng == null ? ViTModel.load(folder.path())
                : new ViTModel(ViTConfig.fromJson(folder.config()), true, rng);
        List<String> outputs = model.hasPooler() ? List.of("last_hidden_state", "pooler_output")
                : List.of("last_hidden_state");
        return vision(folder, "vit", model, outputs, pixels -> named(model.forward(pixels)));
    }

    private static AutoModel swin(ModelFolder folder, RandomGenerator rng) {
        String type = folder.modelType();
        if (folder.hasArchitectureEndingWith(CLASSIFIER)) {
            SwinForImageClassification model = rng == null ? SwinForImageClassification.load(folder.path())
                    : new SwinForImageClassification(SwinConfig.fromJson(folder.config()), rng);
            return vision(folder, type, model, List.of("logits", "last_hidden_state", "pooler_output"),
                    pixels -> named(model.forward(pixels)));
        }
        SwinModel model = rng == null ? SwinModel.load(folder.path())
                : new SwinModel(SwinConfig.fromJson(folder.config()), rng);
        return vision(folder, type, model, List.of("last_hidden_state", "pooler_output"),
                pixels -> named(model.forward(pixels)));
    }

    private static AutoModel vision(ModelFolder folder, String type, Module model, List<String> outputs,
                                    Function<Tensor, Map<String, Tensor>> run) {
        model.eval();
        return new AutoModel(folder, type, model, PIXELS, outputs, in -> run.apply(in.get("pixel_values")));
    }

    private static Map<String, Tensor> named(ViTModelOutput out) {
        return named(out.logits(), out.lastHiddenState(), out.poolerOutput());
    }

    private static Map<String, Tensor> named(SwinModelOutput out) {
        return named(out.logits(), out.lastHiddenState(), out.poolerOutput());
    }

    /** The outputs that are present, in the order logits, last_hidden_state, pooler_output. */
    private static Map<String, Tensor> named(Tensor logits, Tensor lastHiddenState, Tensor poolerOutput) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        if (logits != null) {
            m.put("logits", logits);
        }
        m.put("last_hidden_state", lastHiddenState);
        if (poolerOutput != null) {
            m.put("pooler_output", poolerOutput);
        }
        return m;
    }
}
