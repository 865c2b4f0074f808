package dev.gatun.models.onnx;

import dev.gatun.tensor.GatunException;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An {@code .onnx} file mapped read-only into memory and decoded into an {@link OnnxModel}.
 *
 * <p>Initializers stored as {@code raw_data} are slices of the mapping, so reading a model copies no
 * weights; they stay readable until {@link #close()} unmaps the file.
 *
 * {@snippet :
 * try (OnnxFile file = OnnxFile.open(Path.of("model.onnx"))) {
 *     for (OnnxTensor w : file.model().graph().initializers().values()) {
 *         System.out.println(w);   // name, element type, dims
 *     }
 * }
 * }
 */
public final class OnnxFile implements AutoCloseable {
    private final Path path;
    private final Arena arena;
    private final OnnxModel model;

    private OnnxFile(Path path, Arena arena, OnnxModel model) {
        this.path = path;
        this.arena = arena;
        this.model = model;
    }

    /**
     * Maps and decodes the ONNX model at {@code path}.
     *
     * @throws GatunException if the file cannot be read or is not an ONNX model; the message names it
     */
    public static OnnxFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new GatunException(path + ": " + (Files.exists(path) ? "not a regular file" : "no such file"));
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = channel.size();
                mapping = size == 0 ? MemorySegment.ofArray(new byte[0])
                        : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            return new OnnxFile(path, arena, read(mapping, path.toString()));
        } catch (IOException e) {
            arena.close();
            throw new GatunException("cannot read " + path + ": " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Decodes an ONNX model held in memory; {@code source} names it in error messages.
     *
     * @throws GatunException if the bytes are not an ONNX model
     */
    public static OnnxModel read(MemorySegment bytes, String source) {
        if (bytes.byteSize() == 0) {
            throw new GatunException(source + ": not an ONNX model (the file is empty)");
        }
        OnnxModel model;
        try {
            model = OnnxParser.model(new ProtoReader(bytes));
        } catch (GatunException | ArithmeticException e) {
            throw new GatunException(source + ": not an ONNX model (" + e.getMessage() + ")", e);
        }
        if (model.irVersion() < 1 || model.graph().nodes().isEmpty()) {
            throw new GatunException(source + ": not an ONNX model (" + (model.irVersion() < 1
                    ? "no IR version" : "the graph has no nodes") + ")");
        }
        return model;
    }

    /** The decoded model; its initializers read from this file's mapping. */
    public OnnxModel model() {
        return model;
    }

    public Path path() {
        return path;
    }

    /** Unmaps the file; idempotent. Tensors read from it can no longer be read afterwards. */
    @Override
    public void close() {
        synchronized (arena) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        }
    }
}
