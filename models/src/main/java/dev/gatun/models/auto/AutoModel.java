package dev.gatun.models.auto;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * Any supported model behind one door: a folder is opened by its {@code config.json}'s
 * {@code model_type}, and the model runs on named inputs and gives named outputs, with Hugging Face's
 * names ({@code pixel_values}, {@code input_ids}; {@code logits}, {@code last_hidden_state},
 * {@code pooler_output}). Scripts, parity tests and benchmarks use this instead of knowing each family.
 *
 * {@snippet :
 * AutoModel model = AutoModel.load(Path.of("models/vit-base-patch16-224"));
 * try (Scope s = Scope.open()) {
 *     Map<String, Tensor> out = model.forward(Map.of("pixel_values", pixels));   // (B, 3, H, W)
 *     Tensor logits = out.get("logits");                                          // (B, classes)
 * }
 * }
 *
 * <p>A loaded model is read-only: {@link #forward} may run on many threads at once, each in its own scope.
 */
public final class AutoModel {
    private final ModelFolder folder;
    private final String family;
    private final Module module;
    private final List<ModelInput> inputs;
    private final List<String> outputs;
    private final Function<Map<String, Tensor>, Map<String, Tensor>> run;

    /**
     * A model of one family.
     *
     * @param family  the family's {@code model_type}
     * @param module  the model's layers (for parameter counts and training)
     * @param inputs  the named inputs it reads
     * @param outputs the names of the outputs {@code run} gives, in order
     * @param run     the forward pass over checked inputs (F32 or I64, every required one present)
     */
    AutoModel(ModelFolder folder, String family, Module module, List<ModelInput> inputs, List<String> outputs,
              Function<Map<String, Tensor>, Map<String, Tensor>> run) {
        this.folder = Objects.requireNonNull(folder, "folder");
        this.family = family;
        this.module = module;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.run = run;
    }

    /** The {@code model_type} values this class can open, in the order errors list them. */
    public static List<String> supportedTypes() {
        return Families.TYPES;
    }

    /**
     * Opens a model folder: {@code config.json} and safetensors weights, dispatched on {@code model_type}.
     *
     * @throws GatunException if the folder, its config or its weights are missing or invalid, or the model
     *     type is not supported (the message lists the supported ones)
     */
    public static AutoModel load(Path folder) {
        ModelFolder f = ModelFolder.open(folder);
        return Families.load(f);
    }

    /**
     * A model of the architecture {@code config} describes (a parsed {@code config.json}) with random
     * weights, as the family initialises them; for benchmarks and training from scratch.
     */
    public static AutoModel random(Map<String, Object> config, RandomGenerator rng) {
        return Families.random(ModelFolder.inMemory(config), rng);
    }

    /** {@link #random(Map, RandomGenerator)} with a fixed seed. */
    public static AutoModel random(Map<String, Object> config) {
        return random(config, new SplittableRandom(0));
    }

    /**
     * Runs the model without recording gradients.
     *
     * @param named inputs by name; integer inputs may be any integer dtype, float inputs any float dtype
     * @return the outputs by name, in {@link #outputNames()} order; allocated in the current scope
     * @throws GatunException if a name is unknown, a required input is missing, or an input has the wrong
     *     dtype or shape (the message names the input and says what was expected)
     */
    public Map<String, Tensor> forward(Map<String, Tensor> named) {
        Map<String, Tensor> checked = check(named);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return run.apply(checked);
        }
    }

    /**
     * Runs the model recording gradients when its parameters require them, for training; inputs are
     * checked as by {@link #forward}.
     */
    public Map<String, Tensor> forwardWithGrad(Map<String, Tensor> named) {
        return run.apply(check(named));
    }

    private Map<String, Tensor> check(Map<String, Tensor> named) {
        List<String> expected = inputs.stream().map(ModelInput::name).toList();
        for (String name : named.keySet()) {
            if (!expected.contains(name)) {
                throw new GatunException("input '" + name + "' is not an input of this " + family + " model; expected "
                        + describeInputs());
            }
        }
        Map<String, Tensor> checked = new LinkedHashMap<>();
        for (ModelInput in : inputs) {
            Tensor t = named.get(in.name());
            if (t == null) {
                if (in.required()) {
                    throw new GatunException("missing input '" + in.name() + "' " + in.shape() + " of this " + family
                            + " model; expected " + describeInputs());
                }
                continue;
            }
            checked.put(in.name(), in.check(t));
        }
        return checked;
    }

    /** The inputs as a sentence for messages: {@code input_ids (B, T), attention_mask (B, T) (optional)}. */
    public String describeInputs() {
        List<String> parts = new ArrayList<>();
        for (ModelInput in : inputs) {
            parts.add(in.name() + " " + in.shape() + (in.integer() ? " integer" : " float")
                    + (in.required() ? "" : " (optional)"));
        }
        return String.join(", ", parts);
    }

    /** The family's {@code model_type}, e.g. {@code "vit"}. */
    public String modelType() {
        return family;
    }

    /** The folder the model came from; its {@code path()} is null for a model built with random weights. */
    public ModelFolder folder() {
        return folder;
    }

    /** The inputs the model reads, required ones first. */
    public List<ModelInput> inputs() {
        return inputs;
    }

    /** The names of the outputs {@link #forward} gives, in order. */
    public List<String> outputNames() {
        return outputs;
    }

    /** Class names by id for a classifier (from {@code id2label}); empty for other models. */
    public List<String> labels() {
        return folder.labels();
    }

    /** The model's layers, e.g. to count parameters or to train them. */
    public Module module() {
        return module;
    }
}
