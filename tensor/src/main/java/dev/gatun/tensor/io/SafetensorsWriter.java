package dev.gatun.tensor.io;

import dev.gatun.tensor.GatunException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes safetensors files in the layout of the reference {@code safetensors} library.
 *
 * <p>Tensors are stored in the reference library's order, whatever order they are given in: by dtype
 * alignment, widest first (I64, F64, F32, I32, BF16, F16, I8, BOOL), then by name in code-point order.
 * Within that order they are packed back to back, and the JSON header is padded with spaces to a multiple
 * of 8 bytes, so every tensor's data starts at a file offset aligned to its element size. Without metadata
 * (or with a single metadata key) the bytes are identical to the reference writer's.
 *
 * <p>The file appears atomically: everything is written to a temporary file next to the target, flushed
 * to disk and then renamed over it, so a failure never leaves a half-written file. Entries may even be
 * slices of the file being replaced: the old mapping stays readable until it is closed.
 */
public final class SafetensorsWriter {

    /** Largest slice handed to one channel write (a ByteBuffer is limited to 2 GiB). */
    private static final long CHUNK = 1L << 30;

    private SafetensorsWriter() {
    }

    /**
     * Writes {@code tensors} and {@code metadata} to {@code file}, replacing it if it exists.
     *
     * @param metadata string pairs stored as {@code "__metadata__"}; null or empty writes none
     * @throws GatunException if names repeat, a name is {@code "__metadata__"}, a tensor's memory is no
     *     longer alive, or the file cannot be written
     */
    public static void write(Path file, List<SafetensorsEntry> tensors, Map<String, String> metadata) {
        List<SafetensorsEntry> ordered = validate(file, tensors, metadata);
        byte[] header = header(ordered, metadata);
        Path dir = file.toAbsolutePath().getParent();
        Path temp = dir.resolve("." + file.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current()
                .nextLong()) + ".tmp");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                ByteBuffer prefix = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN);
                prefix.putLong(header.length).put(header).flip();
                writeFully(channel, prefix);
                for (SafetensorsEntry e : ordered) {
                    writeSegment(channel, e.data());
                }
                channel.force(true);
            }
            moveIntoPlace(temp, file);
            moved = true;
        } catch (IOException e) {
            throw IoErrors.wrap("write safetensors file", file, e);
        } finally {
            if (!moved) {
                deleteQuietly(temp);
            }
        }
    }

    /** Checks every entry before a byte is written and returns them in the reference library's order. */
    private static List<SafetensorsEntry> validate(Path file, List<SafetensorsEntry> tensors,
                                                   Map<String, String> metadata) {
        Set<String> names = new HashSet<>();
        for (SafetensorsEntry e : tensors) {
            if (e == null) {
                throw new GatunException(file + ": expected tensors but found a null entry");
            }
            if (e.name().equals("__metadata__")) {
                throw new GatunException(file + ": expected tensor names other than \"__metadata__\", which is"
                        + " reserved for metadata, but found it as a tensor name");
            }
            if (!names.add(e.name())) {
                throw new GatunException(file + ": tensor \"" + e.name() + "\": expected unique names but found"
                        + " it twice");
            }
            if (!e.data().scope().isAlive()) {
                throw new GatunException(file + ": tensor \"" + e.name() + "\": expected its memory to be alive"
                        + " but it was closed");
            }
        }
        if (metadata != null) {
            metadata.forEach((k, v) -> {
                if (k == null || v == null) {
                    throw new GatunException(file + ": expected metadata of non-null strings but found " + k
                            + " = " + v);
                }
            });
        }
        List<SafetensorsEntry> ordered = new ArrayList<>(tensors);
        ordered.sort(Comparator.comparingInt((SafetensorsEntry e) -> -SafetensorsHeader.referenceRank(e.dtype()))
                .thenComparing(SafetensorsEntry::name, SafetensorsWriter::compareCodePoints));
        return ordered;
    }

    /** The JSON header as UTF-8, padded with spaces to a multiple of 8 bytes. */
    private static byte[] header(List<SafetensorsEntry> ordered, Map<String, String> metadata) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (metadata != null && !metadata.isEmpty()) {
            json.put("__metadata__", metadata);
        }
        long offset = 0;
        for (SafetensorsEntry e : ordered) {
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", e.dtype().safetensorsName());
            List<Long> shape = new ArrayList<>(e.rank());
            for (long d : e.shape()) {
                shape.add(d);
            }
            info.put("shape", shape);
            long end = offset + e.data().byteSize();
            info.put("data_offsets", List.of(offset, end));
            json.put(e.name(), info);
            offset = end;
        }
        byte[] text = Json.write(json).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(text, 0, out, 0, text.length);
        for (int i = text.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** Orders as UTF-8 bytes (the reference sorts Rust strings bytewise), unlike UTF-16 {@code compareTo}. */
    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }

    private static void writeSegment(FileChannel channel, MemorySegment data) throws IOException {
        for (long at = 0; at < data.byteSize(); at += CHUNK) {
            writeFully(channel, data.asSlice(at, Math.min(CHUNK, data.byteSize() - at)).asByteBuffer());
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void moveIntoPlace(Path temp, Path file) throws IOException {
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the original failure is the one worth reporting; a stray hidden temp file is harmless
        }
    }
}
