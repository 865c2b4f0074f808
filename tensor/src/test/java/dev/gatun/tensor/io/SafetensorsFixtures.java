package dev.gatun.tensor.io;

import dev.gatun.tensor.DType;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Builds safetensors files for tests: valid ones through the writer, corrupt ones byte by byte. */
final class SafetensorsFixtures {
    private SafetensorsFixtures() {
    }

    /** An entry of random bytes over a heap segment. */
    static SafetensorsEntry randomEntry(String name, DType dtype, long[] shape, Random random) {
        long elements = 1;
        for (long d : shape) {
            elements *= d;
        }
        byte[] bytes = new byte[(int) dtype.byteSize(elements)];
        random.nextBytes(bytes);
        return new SafetensorsEntry(name, dtype, shape, MemorySegment.ofArray(bytes));
    }

    /** A few tensors of mixed types, including a scalar and an empty tensor. */
    static List<SafetensorsEntry> sampleEntries(long seed) {
        Random random = new Random(seed);
        List<SafetensorsEntry> out = new ArrayList<>();
        out.add(randomEntry("embed.weight", DType.F32, new long[] {4, 3}, random));
        out.add(randomEntry("norm.bias", DType.BF16, new long[] {3}, random));
        out.add(randomEntry("step", DType.I64, new long[] {}, random));
        out.add(randomEntry("mask", DType.BOOL, new long[] {5}, random));
        out.add(randomEntry("empty", DType.F16, new long[] {2, 0}, random));
        return out;
    }

    /** {@code 8-byte length, header text as UTF-8, dataLength bytes of 0..255}. */
    static byte[] rawFile(String header, int dataLength) {
        return rawFile(header.getBytes(StandardCharsets.UTF_8), dataLength);
    }

    static byte[] rawFile(byte[] header, int dataLength) {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataLength).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header);
        for (int i = 0; i < dataLength; i++) {
            b.put((byte) i);
        }
        return b.array();
    }

    static Path write(Path dir, String name, byte[] bytes) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, bytes);
        return file;
    }

    /** Whether two segments hold the same bytes. */
    static boolean sameBytes(MemorySegment a, MemorySegment b) {
        return a.byteSize() == b.byteSize() && a.mismatch(b) == -1;
    }

    /** Touches every byte, so a bad slice would fail here rather than go unnoticed. */
    static long checksum(MemorySegment s) {
        long sum = 0;
        for (long i = 0; i < s.byteSize(); i++) {
            sum += s.get(ValueLayout.JAVA_BYTE, i);
        }
        return sum;
    }
}
