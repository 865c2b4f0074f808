package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times {@link Gemm} on one shape, for the {@code gatun bench matmul} command and the OpenBLAS comparison
 * script ({@code tests/baselines/compare-matmul.sh}).
 *
 * <p>A shape is the contiguous product {@code C (m×n) = A (m×k) · B}, with A in F32 and B either a
 * row-major {@code k × n} matrix ("NN") or a row-major {@code n × k} weight used transposed ("NT", the
 * Linear layout). Each measurement warms up for a third of the time, then times single calls until the
 * time is spent (at least 5 calls) and reports the median.
 *
 * {@snippet :
 * var r = GemmBenchmark.measure(1024, 1024, 1024, DType.F32, false, 1, Duration.ofSeconds(2));
 * System.out.println(r.gflops());
 * }
 */
public final class GemmBenchmark {

    /** Shapes timed when none are given on the command line: the OpenBLAS comparison suite. */
    public static final List<String> DEFAULT_SHAPES = List.of(
            "1024x1024x1024", "197x768x768:nt", "197x3072x768:nt", "197x768x768", "197x3072x768",
            "1x4096x4096:nt", "1x4096x4096:bf16:nt", "1x4096x4096", "1x4096x4096:bf16");

    /**
     * One timed shape.
     *
     * @param seconds  median time of one call
     * @param gflops   {@code 2·m·n·k} flops per call, in GFLOP/s
     * @param weightGBps bytes of B read per call over the median time, in GB/s: the memory bandwidth a
     *                 matrix–vector product reaches, since B is read once from memory
     * @param calls    number of timed calls
     */
    public record Result(int m, int n, int k, DType bType, boolean transposedB, int threads,
                         double seconds, double gflops, double weightGBps, int calls) {

        /** {@code NN} or {@code NT}. */
        public String layout() {
            return transposedB ? "NT" : "NN";
        }

        /** One line of plain text. */
        public String toText() {
            return String.format(Locale.ROOT, "gatun %s M=%-5d N=%-5d K=%-5d B=%-4s threads=%d  %8.2f GFLOP/s  %7.2f GB/s  %9.4f ms  (%d calls)",
                    layout(), m, n, k, bType, threads, gflops, weightGBps, seconds * 1e3, calls);
        }

        /** One JSON object. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"layout\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"b\":\"%s\",\"threads\":%d,"
                            + "\"seconds\":%.6e,\"gflops\":%.3f,\"weight_gbps\":%.3f,\"calls\":%d}",
                    layout(), m, n, k, bType, threads, seconds, gflops, weightGBps, calls);
        }
    }

    private GemmBenchmark() {
    }

    /**
     * Times {@code C = A · B} (or {@code A · Bᵀ}) on {@code threads} threads for about {@code minTime}
     * after a warm-up; {@link Parallel}'s thread count is restored afterwards.
     */
    public static Result measure(int m, int n, int k, DType bType, boolean transposedB, int threads, Duration minTime) {
        Shape shape = new Shape(m, n, k, bType, transposedB);
        int previous = Parallel.threads();
        Parallel.setThreads(threads);
        try (Arena arena = Arena.ofShared()) {
            GemmSpec spec = shape.allocate(arena);
            long budget = minTime.toNanos();
            long warmEnd = System.nanoTime() + budget / 3;
            do {
                Gemm.run(spec);
            } while (System.nanoTime() < warmEnd);
            List<Long> times = new ArrayList<>();
            long end = System.nanoTime() + budget;
            while (System.nanoTime() < end || times.size() < 5) {
                long t0 = System.nanoTime();
                Gemm.run(spec);
                times.add(System.nanoTime() - t0);
            }
            long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
            double seconds = sorted[sorted.length / 2] * 1e-9;
            double gflops = shape.flops() / seconds * 1e-9;
            double gbps = (double) bType.byteSize((long) k * n) / seconds * 1e-9;
            return new Result(m, n, k, bType, transposedB, threads, seconds, gflops, gbps, sorted.length);
        } finally {
            Parallel.setThreads(previous);
        }
    }

    /** Times a shape written {@code MxNxK[:bf16|:f16][:nt]}. */
    public static Result measure(String shape, int threads, Duration minTime) {
        Shape s = Shape.parse(shape);
        return measure(s.m(), s.n(), s.k(), s.bType(), s.transposedB(), threads, minTime);
    }

    /**
     * A benchmark shape: {@code C (m×n) = A (m×k) · B} with F32 A and C, B of {@code bType}, row-major
     * {@code k × n} or (if {@code transposedB}) a row-major {@code n × k} weight used transposed.
     */
    public record Shape(int m, int n, int k, DType bType, boolean transposedB) {

        public Shape {
            if (m < 1 || n < 1 || k < 1) {
                throw new GatunException("bench matmul: sizes must be >= 1, got " + m + "x" + n + "x" + k);
            }
        }

        /** Parses {@code MxNxK[:bf16|:f16][:nt]}, e.g. {@code 1x4096x4096:bf16:nt}. */
        public static Shape parse(String text) {
            String[] parts = text.toLowerCase(Locale.ROOT).split(":");
            String[] dims = parts[0].split("x");
            if (dims.length != 3) {
                throw new GatunException("bench matmul: a shape is MxNxK[:bf16|:f16][:nt], got '" + text + "'");
            }
            DType bType = DType.F32;
            boolean transposed = false;
            for (int i = 1; i < parts.length; i++) {
                switch (parts[i]) {
                    case "nt" -> transposed = true;
                    case "nn" -> transposed = false;
                    case "bf16" -> bType = DType.BF16;
                    case "f16" -> bType = DType.F16;
                    case "f32" -> bType = DType.F32;
                    default -> throw new GatunException("bench matmul: unknown option '" + parts[i] + "' in '" + text + "'");
                }
            }
            try {
                return new Shape(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                        bType, transposed);
            } catch (NumberFormatException e) {
                throw new GatunException("bench matmul: bad size in '" + text + "'", e);
            }
        }

        /** Flops of one product, {@code 2·m·n·k}. */
        public double flops() {
            return 2.0 * m * n * k;
        }

        /** Allocates A, B (random values in [-0.5, 0.5)) and C in {@code arena} and describes the product. */
        public GemmSpec allocate(Arena arena) {
            MemorySegment a = random(arena, DType.F32, (long) m * k, 1);
            MemorySegment b = random(arena, bType, (long) k * n, 2);
            MemorySegment c = arena.allocate(4L * m * n, 64);
            return GemmSpec.rowMajor(m, n, k, DType.F32, a, bType, b, transposedB, c);
        }

        @Override
        public String toString() {
            return m + "x" + n + "x" + k + (bType == DType.F32 ? "" : ":" + bType) + (transposedB ? ":nt" : "");
        }
    }

    private static MemorySegment random(Arena arena, DType type, long count, long seed) {
        MemorySegment s = arena.allocate(type.byteSize(count), 64);
        SplittableRandom rnd = new SplittableRandom(seed);
        long size = type.byteSize();
        for (long i = 0; i < count; i++) {
            type.setDouble(s, i * size, rnd.nextDouble() - 0.5);
        }
        return s;
    }

    /**
     * {@code GemmBenchmark [--json] [--threads 1,2] [--seconds S] [SHAPE...]}: prints one line (or JSON
     * object) per shape and thread count; without shapes, runs {@link #DEFAULT_SHAPES}.
     */
    public static void main(String[] args) {
        boolean json = false;
        int[] threads = {Parallel.threads()};
        double seconds = 2;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--json" -> json = true;
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                default -> shapes.add(args[i]);
            }
        }
        if (shapes.isEmpty()) {
            shapes = DEFAULT_SHAPES;
        }
        Duration time = Duration.ofNanos((long) (seconds * 1e9));
        for (String shape : shapes) {
            for (int t : threads) {
                Result r = measure(shape, t, time);
                System.out.println(json ? r.toJson() : r.toText());
            }
        }
    }
}
