package dev.gatun.models.auto;

import dev.gatun.models.bert.BertConfig;
import dev.gatun.models.bert.BertModel;
import dev.gatun.models.bert.BertModelOutput;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The one place that maps a {@code model_type} to the family that builds it. A new family adds a case to
 * {@link #build} and its type to {@link #TYPES}.
 */
final class Families {
    /** Every supported {@code model_type}. */
    static final List<String> TYPES = List.of("bert");

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
}
