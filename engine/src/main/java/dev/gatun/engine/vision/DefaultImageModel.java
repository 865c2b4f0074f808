package dev.gatun.engine.vision;

import dev.gatun.tensor.GatunException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The image classifier that ships inside Gatun's jar: a small ViT trained from scratch by
 * {@code gatun train} on {@link dev.gatun.engine.train.ShapesDataset} images (32×32, eight shapes), so
 * that {@code gatun classify} works with no download. Its folder lives under {@value #RESOURCE}.
 */
public final class DefaultImageModel {
    /** The class-path folder holding the model's files. */
    public static final String RESOURCE = "/dev/gatun/engine/vision/shapes-vit/";
    /** The files of the folder, in Hugging Face layout. */
    public static final List<String> FILES = List.of("config.json", "model.safetensors", "preprocessor_config.json");

    private DefaultImageModel() {
    }

    /** Whether the jar holds the model. */
    public static boolean available() {
        return DefaultImageModel.class.getResource(RESOURCE + FILES.getFirst()) != null;
    }

    /**
     * Loads the shipped model: its files are copied to a temporary folder, loaded, and the folder is
     * deleted again.
     *
     * @throws GatunException if this build of Gatun has no shipped model
     */
    public static ImageClassifier load() {
        if (!available()) {
            throw new GatunException("this build of Gatun has no default image model (" + RESOURCE + " is not on the"
                    + " class path); give a model folder with --model");
        }
        Path dir = null;
        try {
            dir = Files.createTempDirectory("gatun-shapes-vit");
            for (String name : FILES) {
                try (InputStream in = DefaultImageModel.class.getResourceAsStream(RESOURCE + name)) {
                    if (in == null) {
                        throw new GatunException("the default image model lacks " + RESOURCE + name);
                    }
                    Files.copy(in, dir.resolve(name));
                }
            }
            return ImageClassifier.load(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try {
            for (String name : FILES) {
                Files.deleteIfExists(dir.resolve(name));
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // A leftover temporary folder is harmless; the model is already in memory.
        }
    }
}
