package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A safetensors file mapped read-only into memory.
 *
 * <p>Opening maps the whole file into an {@link Arena} this object owns, validates the header (see
 * {@link SafetensorsHeader} for every rule) and only then hands out entries whose data are zero-copy
 * slices of the mapping. Nothing is read from disk until a tensor's bytes are touched, so opening a
 * multi-gigabyte checkpoint is cheap. {@link #close()} unmaps the file; the entries' segments then
 * refuse access instead of reading freed memory.
 *
 * <p>The mapping is shared, so entries may be read from any thread. The segments are read-only.
 *
 * {@snippet :
 * try (SafetensorsFile file = SafetensorsFile.open(Path.of("model.safetensors"))) {
 *     for (SafetensorsEntry e : file.entries()) {
 *         System.out.println(e); // name, dtype, shape
 *     }
 * }
 * }
 */
public final class SafetensorsFile implements TensorSource {

    private final Path path;
    private final Arena arena;
    private final EntryIndex index;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, EntryIndex index, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.index = index;
        this.metadata = metadata;
    }

    /**
     * Maps and validates the safetensors file at {@code path}.
     *
     * @throws GatunException if the file cannot be read or is not a valid safetensors file; the message
     *     names the file, the tensor at fault, and what was expected versus found
     */
    public static SafetensorsFile open(Path path) {
        String fileName = path.toString();
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping;
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                long size = channel.size();
                // Mapping zero bytes is pointless and not portable; the header check reports the size.
                mapping = size == 0 ? MemorySegment.ofArray(new byte[0])
                        : channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            }
            SafetensorsHeader header = SafetensorsHeader.read(mapping, fileName);
            List<SafetensorsEntry> entries = new ArrayList<>(header.tensors().size());
            for (SafetensorsHeader.Slot s : header.tensors()) {
                MemorySegment data = mapping.asSlice(header.dataStart() + s.begin(), s.end() - s.begin());
                entries.add(new SafetensorsEntry(s.name(), s.dtype(), s.shape(), data));
            }
            return new SafetensorsFile(path, arena, new EntryIndex(entries), header.metadata());
        } catch (IOException e) {
            arena.close();
            throw IoErrors.wrap("read safetensors file", path, e);
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    @Override
    public List<SafetensorsEntry> entries() {
        return index.entries();
    }

    @Override
    public SafetensorsEntry entry(String name) {
        return index.get(name, path.toString());
    }

    @Override
    public boolean contains(String name) {
        return index.contains(name);
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Path path() {
        return path;
    }

    /** Unmaps the file. Idempotent; entries' data can no longer be read afterwards. */
    @Override
    public void close() {
        synchronized (arena) {
            if (arena.scope().isAlive()) {
                arena.close();
            }
        }
    }

    @Override
    public String toString() {
        return "SafetensorsFile[" + path + ", " + index.entries().size() + " tensors]";
    }
}
