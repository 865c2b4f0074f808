package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens a model's weights without the caller knowing whether the checkpoint is sharded. */
public final class Safetensors {

    /** The single-file weights name that Hugging Face checkpoints use. */
    public static final String MODEL_FILE = "model.safetensors";

    private Safetensors() {
    }

    /**
     * Opens the weights at {@code path}, which may be:
     * <ul>
     *   <li>a folder: its {@value ShardedSafetensors#INDEX_FILE} if present, else its
     *       {@value #MODEL_FILE}, else its only {@code *.safetensors.index.json}, else its only
     *       {@code *.safetensors} file;</li>
     *   <li>an index file ({@code *.json});</li>
     *   <li>a single {@code .safetensors} file.</li>
     * </ul>
     *
     * @throws GatunException if nothing fits, naming the folder and the candidates found
     */
    public static TensorSource openModel(Path path) {
        if (!Files.exists(path)) {
            throw new GatunException(path + ": expected a model folder or a safetensors file but found nothing"
                    + " at that path");
        }
        if (!Files.isDirectory(path)) {
            return path.getFileName().toString().endsWith(".json")
                    ? ShardedSafetensors.open(path) : SafetensorsFile.open(path);
        }
        if (Files.isRegularFile(path.resolve(ShardedSafetensors.INDEX_FILE))) {
            return ShardedSafetensors.open(path.resolve(ShardedSafetensors.INDEX_FILE));
        }
        if (Files.isRegularFile(path.resolve(MODEL_FILE))) {
            return SafetensorsFile.open(path.resolve(MODEL_FILE));
        }
        List<Path> indexes = ShardedSafetensors.listFiles(path, ".safetensors.index.json");
        if (indexes.size() == 1) {
            return ShardedSafetensors.open(indexes.getFirst());
        }
        List<Path> files = ShardedSafetensors.listFiles(path, ".safetensors");
        if (indexes.isEmpty() && files.size() == 1) {
            return SafetensorsFile.open(files.getFirst());
        }
        List<String> found = (indexes.isEmpty() ? files : indexes).stream()
                .map(p -> p.getFileName().toString()).toList();
        throw new GatunException(path + ": expected " + MODEL_FILE + ", " + ShardedSafetensors.INDEX_FILE
                + " or a single safetensors file or index but found " + (found.isEmpty() ? "none" : found));
    }
}
