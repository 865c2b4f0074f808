package dev.gatun.tensor.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A read-only collection of named tensors backed by files, such as one safetensors file or a sharded
 * checkpoint. Model loaders ask for tensors by name and do not care how the checkpoint is split.
 *
 * <p>Entries stay valid until {@link #close()}; afterwards reading their data throws
 * {@link IllegalStateException}. Implementations are safe to read from many threads at once.
 *
 * {@snippet :
 * try (TensorSource weights = Safetensors.openModel(Path.of("models/bert"))) {
 *     SafetensorsEntry wte = weights.entry("embeddings.word_embeddings.weight");
 *     long vocab = wte.shape()[0];
 * }
 * }
 */
public interface TensorSource extends AutoCloseable {

    /** Every tensor, in a stable order: header order for one file, index order for a sharded checkpoint. */
    List<SafetensorsEntry> entries();

    /**
     * The tensor called {@code name}.
     *
     * @throws dev.gatun.tensor.GatunException if there is none; the message names the source and lists
     *     the closest names it does have
     */
    SafetensorsEntry entry(String name);

    /** Whether a tensor called {@code name} exists, for optional weights such as a tied output head. */
    boolean contains(String name);

    /** The string metadata stored with the tensors ({@code "__metadata__"}); empty when there is none. */
    Map<String, String> metadata();

    /** The file this source was opened from. */
    Path path();

    /** Releases the files; idempotent. */
    @Override
    void close();
}
