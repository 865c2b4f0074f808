package dev.gatun.tensor.io;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import static dev.gatun.tensor.io.SafetensorsFixtures.randomEntry;
import static dev.gatun.tensor.io.SafetensorsFixtures.sameBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsRoundTripTest {

    private static final long[][] SHAPES = {{}, {0}, {1}, {7}, {3, 4}, {2, 0, 3}, {2, 3, 1, 2}};

    @ParameterizedTest
    @EnumSource(DType.class)
    void everyDtypeAndShapeRoundTripsByteIdentical(DType dtype, @TempDir Path dir) {
        Random random = new Random(dtype.ordinal());
        List<SafetensorsEntry> written = new ArrayList<>();
        for (int i = 0; i < SHAPES.length; i++) {
            written.add(randomEntry("t" + i, dtype, SHAPES[i], random));
        }
        Path file = dir.resolve("all.safetensors");
        SafetensorsWriter.write(file, written, null);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(written.size(), read.entries().size());
            for (SafetensorsEntry w : written) {
                SafetensorsEntry r = read.entry(w.name());
                assertEquals(dtype, r.dtype());
                assertArrayEquals(w.shape(), r.shape());
                assertTrue(sameBytes(w.data(), r.data()), w.name());
                assertTrue(r.data().isReadOnly());
            }
            assertEquals(Map.of(), read.metadata());
            assertEquals(file, read.path());
        }
    }

    @Test
    void mixedTypesAreStoredWidestFirstThenByNameAndAligned(@TempDir Path dir) {
        Random random = new Random(1);
        List<SafetensorsEntry> given = List.of(
                randomEntry("b", DType.F32, new long[] {3}, random),
                randomEntry("z", DType.BOOL, new long[] {3}, random),
                randomEntry("a", DType.F32, new long[] {1}, random),
                randomEntry("m", DType.I64, new long[] {2}, random),
                randomEntry("d", DType.F16, new long[] {1}, random),
                randomEntry("c", DType.BF16, new long[] {5}, random),
                randomEntry("x", DType.I8, new long[] {3}, random),
                randomEntry("f", DType.F64, new long[] {1}, random),
                randomEntry("i", DType.I32, new long[] {1}, random));
        Path file = dir.resolve("order.safetensors");
        SafetensorsWriter.write(file, given, null);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            List<String> names = read.entries().stream().map(SafetensorsEntry::name).toList();
            assertEquals(List.of("m", "f", "a", "b", "i", "c", "d", "x", "z"), names);
            for (SafetensorsEntry e : read.entries()) {
                // Mappings are page aligned, so address alignment is file-offset alignment.
                assertEquals(0, e.data().address() % e.dtype().byteSize(), e.name());
            }
        }
    }

    @Test
    void namesAreOrderedByCodePointLikeUtf8Bytes(@TempDir Path dir) {
        Random random = new Random(2);
        String emoji = "\uD83D\uDE00"; // U+1F600: after U+FFFF by code point, before it by UTF-16 unit
        List<SafetensorsEntry> given = List.of(
                randomEntry(emoji, DType.F32, new long[] {1}, random),
                randomEntry("\uFFFF", DType.F32, new long[] {1}, random));
        Path file = dir.resolve("names.safetensors");
        SafetensorsWriter.write(file, given, null);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(List.of("\uFFFF", emoji), read.entries().stream().map(SafetensorsEntry::name).toList());
        }
    }

    /** The layout the reference writer produces for one F32 tensor [1, 2, 3] holding 0..5. */
    @Test
    void matchesTheReferenceLayoutByteForByte(@TempDir Path dir) throws Exception {
        check(dir, "attn.0", new long[] {1, 2, 3},
                "{\"attn.0\":{\"dtype\":\"F32\",\"shape\":[1,2,3],\"data_offsets\":[0,24]}}", null);
        // A header 7 bytes short of a multiple of 8 gets 7 spaces, so the data starts aligned.
        check(dir, "attn0", new long[] {1, 1, 2, 3},
                "{\"attn0\":{\"dtype\":\"F32\",\"shape\":[1,1,2,3],\"data_offsets\":[0,24]}}       ", null);
        check(dir, null, null, "{}      ", null);
        check(dir, null, null, "{\"__metadata__\":{\"framework\":\"pt\"}}     ", Map.of("framework", "pt"));
    }

    private static void check(Path dir, String name, long[] shape, String header, Map<String, String> metadata)
            throws Exception {
        List<SafetensorsEntry> tensors = new ArrayList<>();
        ByteBuffer data = ByteBuffer.allocate(name == null ? 0 : 24).order(ByteOrder.LITTLE_ENDIAN);
        if (name != null) {
            for (int i = 0; i < 6; i++) {
                data.putFloat(i);
            }
            tensors.add(new SafetensorsEntry(name, DType.F32, shape, MemorySegment.ofArray(data.array())));
        }
        Path file = dir.resolve("golden.safetensors");
        SafetensorsWriter.write(file, tensors, metadata);
        byte[] headerBytes = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer expected = ByteBuffer.allocate(8 + headerBytes.length + data.capacity())
                .order(ByteOrder.LITTLE_ENDIAN);
        expected.putLong(headerBytes.length).put(headerBytes).put(data.array());
        assertArrayEquals(expected.array(), Files.readAllBytes(file));
    }

    @Test
    void metadataRoundTripsInOrder(@TempDir Path dir) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("note", "ünïcødé \"quoted\" 😀");
        metadata.put("empty", "");
        Path file = dir.resolve("meta.safetensors");
        SafetensorsWriter.write(file, SafetensorsFixtures.sampleEntries(3), metadata);
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(metadata, read.metadata());
            assertEquals(List.copyOf(metadata.keySet()), List.copyOf(read.metadata().keySet()));
        }
    }

    @Test
    void overwritingReplacesTheFileAndLeavesNoTemporaryFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        SafetensorsWriter.write(file, SafetensorsFixtures.sampleEntries(4), null);
        // Rewrite the file from its own mapping: the old inode stays readable until closed.
        try (SafetensorsFile old = SafetensorsFile.open(file)) {
            SafetensorsWriter.write(file, old.entries().subList(0, 2), Map.of("v", "2"));
        }
        try (SafetensorsFile read = SafetensorsFile.open(file)) {
            assertEquals(2, read.entries().size());
            assertEquals(Map.of("v", "2"), read.metadata());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void aFailureWhileWritingKeepsTheOldFileAndRemovesTheTemporary(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("model.safetensors");
        Files.writeString(file, "previous contents");
        // Memory confined to another thread is alive but unreadable here, so the writer fails mid-way.
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<MemorySegment> foreign = new CompletableFuture<>();
        Thread owner = Thread.ofPlatform().start(() -> {
            try (Arena arena = Arena.ofConfined()) {
                foreign.complete(arena.allocate(64));
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            List<SafetensorsEntry> tensors = List.of(
                    SafetensorsFixtures.sampleEntries(5).getFirst(),
                    new SafetensorsEntry("foreign", DType.F32, new long[] {16}, foreign.get()));
            assertThrows(RuntimeException.class, () -> SafetensorsWriter.write(file, tensors, null));
        } finally {
            done.countDown();
            owner.join();
        }
        assertEquals("previous contents", Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void writerRejectsBadEntriesBeforeWriting(@TempDir Path dir) {
        Path file = dir.resolve("bad.safetensors");
        Random random = new Random(6);
        SafetensorsEntry a = randomEntry("a", DType.F32, new long[] {2}, random);
        assertMessage(() -> SafetensorsWriter.write(file, List.of(a, a), null), file.toString(), "\"a\"", "unique");
        SafetensorsEntry reserved = randomEntry("__metadata__", DType.F32, new long[] {1}, random);
        assertMessage(() -> SafetensorsWriter.write(file, List.of(reserved), null), "reserved");
        SafetensorsEntry closed;
        try (Arena arena = Arena.ofConfined()) {
            closed = new SafetensorsEntry("gone", DType.I8, new long[] {4}, arena.allocate(4));
        }
        assertMessage(() -> SafetensorsWriter.write(file, List.of(closed), null), "\"gone\"", "alive");
        Map<String, String> nullValue = new LinkedHashMap<>();
        nullValue.put("k", null);
        assertMessage(() -> SafetensorsWriter.write(file, List.of(a), nullValue), "non-null");
        assertFalse(Files.exists(file));
    }

    @Test
    void entriesMustDescribeTheirMemoryExactly() {
        MemorySegment twelve = MemorySegment.ofArray(new byte[12]);
        assertMessage(() -> new SafetensorsEntry("w", DType.F32, new long[] {2, 2}, twelve),
                "\"w\"", "expected 16 bytes", "found 12");
        assertMessage(() -> new SafetensorsEntry("w", DType.F32, new long[] {-3}, twelve), "\"w\"", "[-3]");
        assertMessage(() -> new SafetensorsEntry("w", DType.F32, new long[] {1L << 62, 1L << 62}, twelve),
                "fits in a long");
        long[] shape = {3};
        SafetensorsEntry e = new SafetensorsEntry("w", DType.F32, shape, twelve);
        shape[0] = 99;
        e.shape()[0] = 98;
        assertArrayEquals(new long[] {3}, e.shape());
        assertEquals(3, e.elementCount());
        assertEquals(1, new SafetensorsEntry("s", DType.I8, new long[] {}, MemorySegment.ofArray(new byte[1]))
                .elementCount());
        assertEquals("w F32 [3]", e.toString());
    }

    @Test
    void elementCountIsOverflowSafe() {
        assertEquals(0, SafetensorsEntry.elementCount(new long[] {Long.MAX_VALUE, Long.MAX_VALUE, 0}));
        assertEquals(-1, SafetensorsEntry.elementCount(new long[] {0, -1}));
        assertEquals(-1, SafetensorsEntry.elementCount(new long[] {1L << 32, 1L << 31}));
        assertEquals(Long.MAX_VALUE, SafetensorsEntry.elementCount(new long[] {Long.MAX_VALUE}));
        assertEquals(1L << 62, SafetensorsEntry.elementCount(new long[] {1L << 31, 1L << 31}));
        assertEquals(-1, SafetensorsEntry.byteSize(DType.F32, 1L << 62));
    }

    static void assertMessage(org.junit.jupiter.api.function.Executable call, String... fragments) {
        GatunException e = assertThrows(GatunException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + f + "' not in: " + e.getMessage());
        }
    }

    @Test
    void closingUnmapsAndEntriesRefuseAccess(@TempDir Path dir) {
        Path file = dir.resolve("c.safetensors");
        SafetensorsWriter.write(file, SafetensorsFixtures.sampleEntries(7), null);
        SafetensorsFile read = SafetensorsFile.open(file);
        MemorySegment data = read.entry("embed.weight").data();
        assertEquals(48, data.byteSize());
        read.close();
        read.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> SafetensorsFixtures.checksum(data));
        assertEquals(5, read.entries().size()); // the description outlives the mapping
    }
}
