package dev.gatun.engine.train;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.Safetensors;
import dev.gatun.tensor.io.TensorFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a model folder in Hugging Face layout ({@code config.json}, {@code model.safetensors},
 * {@code preprocessor_config.json}) so that it appears whole or not at all: everything goes into a hidden
 * temporary folder beside the target, which is then renamed into place. An older folder at the target is
 * moved aside first and deleted after the rename. If the process is interrupted (Ctrl-C) while writing, a
 * shutdown hook deletes the temporary folder.
 */
public final class CheckpointWriter {
    private CheckpointWriter() {
    }

    /**
     * Writes the folder.
     *
     * @param target       the model folder to create or replace
     * @param config       the contents of {@code config.json}
     * @param preprocessor the contents of {@code preprocessor_config.json}, or null for none
     * @param state        the weights by Hugging Face name
     * @throws GatunException if the target is a file, or its parent folder does not exist
     */
    public static void write(Path target, Map<String, Object> config, Map<String, Object> preprocessor,
                             Map<String, Tensor> state) {
        Path absolute = target.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new GatunException(target + ": expected a folder to write the model into, found a file");
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new GatunException(target + ": cannot write the model, folder " + parent + " does not exist");
        }
        String name = absolute.getFileName().toString();
        Path temp = parent.resolve("." + name + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Thread cleanup = new Thread(() -> deleteTree(temp), "gatun-checkpoint-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean done = false;
        try {
            Files.createDirectory(temp);
            Files.writeString(temp.resolve("config.json"), Json.writePretty(config) + "\n");
            if (preprocessor != null) {
                Files.writeString(temp.resolve("preprocessor_config.json"), Json.writePretty(preprocessor) + "\n");
            }
            TensorFiles.save(temp.resolve(Safetensors.MODEL_FILE), state, Map.of("format", "pt"));
            replace(temp, absolute);
            done = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!done) {
                deleteTree(temp);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running or about to: nothing to remove.
            }
        }
    }

    /** Renames {@code temp} to {@code target}, moving an existing target aside first and deleting it after. */
    private static void replace(Path temp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-"
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()));
            move(target, old);
        }
        try {
            move(temp, target);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
            }
            throw e;
        }
        if (old != null) {
            deleteTree(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // Best effort: a leftover hidden temporary folder does not pass for a model.
        }
    }
}
