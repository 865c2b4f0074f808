package dev.gatun.models.auto;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A model folder in Hugging Face layout, read for what decides how to run it: {@code config.json}
 * ({@code model_type}, {@code architectures}, {@code id2label}) and, for vision models,
 * {@code preprocessor_config.json}. The weights are left to the model family that loads them.
 *
 * @param path   the folder, or null for a config that exists only in memory (a model with random weights)
 * @param config the parsed {@code config.json}
 */
public record ModelFolder(Path path, Map<String, Object> config) {
    /** The model's configuration file. */
    public static final String CONFIG_FILE = "config.json";
    /** The image preprocessing settings of a vision model. */
    public static final String PREPROCESSOR_FILE = "preprocessor_config.json";

    public ModelFolder {
        config = Map.copyOf(config);
    }

    /**
     * Reads {@code folder/config.json}.
     *
     * @throws GatunException if the folder or its config is missing or is not a JSON object
     */
    public static ModelFolder open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new GatunException(folder + ": expected a model folder (config.json and model.safetensors)"
                    + (Files.exists(folder) ? " but found a file" : " but found nothing at that path"));
        }
        Path file = folder.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new GatunException(folder + ": expected a " + CONFIG_FILE + " in the model folder, found none");
        }
        return new ModelFolder(folder, Json.parseObject(file));
    }

    /** A configuration that exists only in memory, e.g. a standard architecture built with random weights. */
    public static ModelFolder inMemory(Map<String, Object> config) {
        return new ModelFolder(null, config);
    }

    /** {@code model_type} as written, lower case, or empty if the config has none. */
    public String modelType() {
        return Json.getString(config, "model_type", "");
    }

    /** {@code architectures}, e.g. {@code ["ViTForImageClassification"]}; empty if absent. */
    public List<String> architectures() {
        if (!(config.get("architectures") instanceof List<?> list)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            if (o instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    /** Whether an architecture in the config ends with {@code suffix}, e.g. {@code "ForImageClassification"}. */
    public boolean hasArchitectureEndingWith(String suffix) {
        return architectures().stream().anyMatch(a -> a.endsWith(suffix));
    }

    /**
     * The class names of a classifier, indexed by class id, from {@code id2label}; empty when the config
     * has none.
     *
     * @throws GatunException if the ids are not 0..n-1
     */
    public List<String> labels() {
        if (!(config.get("id2label") instanceof Map<?, ?> map) || map.isEmpty()) {
            return List.of();
        }
        TreeMap<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            try {
                byId.put(Integer.parseInt(String.valueOf(e.getKey())), String.valueOf(e.getValue()));
            } catch (NumberFormatException bad) {
                throw new GatunException(describe() + ": id2label key '" + e.getKey() + "' is not an integer");
            }
        }
        if (byId.firstKey() != 0 || byId.lastKey() != byId.size() - 1) {
            throw new GatunException(describe() + ": id2label ids must be 0.." + (byId.size() - 1) + ", got "
                    + byId.keySet());
        }
        return List.copyOf(byId.values());
    }

    /** The folder's {@code preprocessor_config.json}, if it has one. */
    public Optional<Path> preprocessorConfig() {
        if (path == null) {
            return Optional.empty();
        }
        Path file = path.resolve(PREPROCESSOR_FILE);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /** The folder's config file for messages, or a description of an in-memory config. */
    public String describe() {
        return path == null ? "config (" + modelType() + ")" : path.resolve(CONFIG_FILE).toString();
    }
}
