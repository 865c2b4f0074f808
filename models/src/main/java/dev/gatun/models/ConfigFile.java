package dev.gatun.models;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a model folder's {@code config.json} the same way for every family: the folder or the file
 * itself may be given, a missing file and a {@code model_type} of another family are one clear error,
 * and any error the family's parser raises is prefixed with the file's path.
 *
 * {@snippet :
 * ViTConfig config = ConfigFile.read(folder, "ViT", "vit", ViTConfig::fromJson);
 * }
 */
public final class ConfigFile {
    private ConfigFile() {
    }

    /**
     * Parses {@code config.json} in {@code folderOrFile} (or that file) with {@code parse}.
     *
     * @param family    the family's name for messages, e.g. {@code "BERT"}
     * @param modelType the {@code model_type} the file must have (absent counts as this one), or null when
     *                  {@code parse} checks it itself
     * @throws GatunException naming the file when it is missing, of another model type, or invalid
     */
    public static <T> T read(Path folderOrFile, String family, String modelType, Function<Map<String, Object>, T> parse) {
        Path file = Files.isDirectory(folderOrFile) ? folderOrFile.resolve("config.json") : folderOrFile;
        if (!Files.isRegularFile(file)) {
            throw new GatunException(file + ": no such file; a " + family + " model folder needs a config.json");
        }
        Map<String, Object> json = Json.parseObject(file);
        if (modelType != null) {
            String type = Json.getString(json, "model_type", modelType);
            if (!type.equals(modelType)) {
                throw new GatunException(file + ": model_type is '" + type + "', expected '" + modelType + "'");
            }
        }
        try {
            return parse.apply(json);
        } catch (GatunException e) {
            throw new GatunException(file + ": " + e.getMessage(), e);
        }
    }
}
