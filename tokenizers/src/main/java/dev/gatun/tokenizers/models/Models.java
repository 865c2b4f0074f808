package dev.gatun.tokenizers.models;

import dev.gatun.tokenizers.json.ComponentConfig;

/** Builds the {@link Model} described by the {@code "model"} object of a {@code tokenizer.json}. */
public final class Models {

    private Models() {
    }

    /**
     * Reads the model; an unknown {@code type} or an unsupported option is a
     * {@link dev.gatun.tensor.GatunException} naming both.
     */
    public static Model fromJson(ComponentConfig config) {
        String type = config.type(inferType(config));
        return switch (type) {
            case "BPE" -> BPE.fromJson(config);
            case "WordPiece" -> WordPiece.fromJson(config);
            case "WordLevel" -> WordLevel.fromJson(config);
            case "Unigram" -> Unigram.fromJson(config);
            default -> throw config.unsupported();
        };
    }

    /** Files written by old versions have no "type"; the fields tell the model apart. */
    private static String inferType(ComponentConfig config) {
        if (config.has("merges")) {
            return "BPE";
        }
        if (config.get("vocab") instanceof java.util.List<?>) {
            return "Unigram";
        }
        if (config.has("continuing_subword_prefix") || config.has("max_input_chars_per_word")) {
            return "WordPiece";
        }
        return "WordLevel";
    }
}
