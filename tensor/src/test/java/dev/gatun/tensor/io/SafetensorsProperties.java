package dev.gatun.tensor.io;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsProperties {

    /** One byte of a mutation: where (within the length field and header) and what to put there. */
    record Mutation(int position, byte value) {
    }

    private static Path dir;
    private static byte[] valid;
    private static int headerEnd;
    private static List<Integer> digitPositions;

    @BeforeContainer
    static void writeValidFile() throws IOException {
        dir = Files.createTempDirectory("gatun-safetensors-props");
        Path file = dir.resolve("valid.safetensors");
        SafetensorsWriter.write(file, SafetensorsFixtures.sampleEntries(9), Map.of("format", "pt"));
        valid = Files.readAllBytes(file);
        headerEnd = 8 + (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        digitPositions = new ArrayList<>();
        for (int i = 8; i < headerEnd; i++) {
            if (Character.isDigit(valid[i])) {
                digitPositions.add(i);
            }
        }
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Changing bytes of the length field or header yields either a file that opens, and whose every
     * tensor can be read in full, or a GatunException naming the file. Nothing else may escape.
     */
    @Property(tries = 400)
    void headerMutationsGiveAValidFileOrAGatunException(@ForAll("mutations") List<Mutation> mutations)
            throws IOException {
        byte[] bytes = valid.clone();
        for (Mutation m : mutations) {
            bytes[m.position()] = m.value();
        }
        Path file = dir.resolve("mutated.safetensors");
        Files.write(file, bytes);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (SafetensorsEntry e : f.entries()) {
                assertEquals(e.dtype().byteSize(e.elementCount()), e.data().byteSize());
                SafetensorsFixtures.checksum(e.data());
            }
        } catch (GatunException e) {
            assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        // Mostly digits of the JSON's numbers: those mutations still parse and reach the checks on offsets,
        // sizes and overlaps; random positions and the length field cover the earlier checks.
        Arbitrary<Integer> positions = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.integers().between(0, 7)),
                Tuple.of(3, Arbitraries.integers().between(8, headerEnd - 1)),
                Tuple.of(8, Arbitraries.of(digitPositions)));
        Arbitrary<Byte> values = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.bytes()),
                Tuple.of(3, Arbitraries.chars().range('0', '9').map(c -> (byte) c.charValue())),
                Tuple.of(1, Arbitraries.chars().with("[]{}\",:-.eE ").map(c -> (byte) c.charValue())));
        return Combinators.combine(positions, values).as(Mutation::new).list().ofMinSize(1).ofMaxSize(4);
    }

    /** Random tensors written and read back are identical in name, type, shape and bytes. */
    @Property(tries = 60)
    void writtenTensorsReadBackIdentically(@ForAll("tensorLists") List<SafetensorsEntry> tensors) {
        Path file = dir.resolve("roundtrip.safetensors");
        SafetensorsWriter.write(file, tensors, null);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(tensors.size(), f.entries().size());
            for (SafetensorsEntry t : tensors) {
                SafetensorsEntry r = f.entry(t.name());
                assertEquals(t.dtype(), r.dtype());
                assertArrayEquals(t.shape(), r.shape());
                assertTrue(SafetensorsFixtures.sameBytes(t.data(), r.data()), t.name());
            }
        }
    }

    @Provide
    Arbitrary<List<SafetensorsEntry>> tensorLists() {
        Arbitrary<long[]> shapes = Arbitraries.longs().between(0, 5).list().ofMaxSize(3)
                .map(l -> l.stream().mapToLong(Long::longValue).toArray());
        Arbitrary<DType> dtypes = Arbitraries.of(DType.class);
        return Combinators.combine(dtypes.list().ofMaxSize(6), shapes.list().ofSize(6), Arbitraries.longs())
                .as((types, shapeList, seed) -> {
                    Random random = new Random(seed);
                    List<SafetensorsEntry> out = new ArrayList<>();
                    for (int i = 0; i < types.size(); i++) {
                        out.add(SafetensorsFixtures.randomEntry("t" + i, types.get(i), shapeList.get(i), random));
                    }
                    return out;
                });
    }
}
