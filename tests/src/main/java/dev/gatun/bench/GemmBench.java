package dev.gatun.bench;

import dev.gatun.tensor.kernels.Gemm;
import dev.gatun.tensor.kernels.GemmBenchmark.Shape;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;

/**
 * {@link Gemm} on the shapes Gatun is compared with OpenBLAS on ({@code tests/baselines/compare-matmul.sh}):
 * a square sgemm, the two ViT-B Linear shapes (197 tokens, 768 → 768 and 768 → 3072, with the weight
 * in Linear layout, ":nt"), and a batch-1 decoding step 4096 → 4096 with F32 and BF16 weights.
 *
 * <p>The primary score is calls per second; the {@code flops} counter is the FLOP/s rate
 * ({@code 2·m·n·k} per call). Run with {@code tests/jmh GemmBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class GemmBench {

    @Param({"1024x1024x1024", "197x768x768:nt", "197x3072x768:nt", "1x4096x4096:nt", "1x4096x4096:bf16:nt"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private Arena arena;
    private GemmSpec spec;
    private double flopsPerCall;
    private int threadsBefore;

    /** Counts flops so JMH reports them as a rate next to calls per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public double flops;
    }

    @Setup(Level.Trial)
    public void setUp() {
        threadsBefore = Parallel.threads();
        Parallel.setThreads(threads);
        arena = Arena.ofShared();
        Shape s = Shape.parse(shape);
        spec = s.allocate(arena);
        flopsPerCall = s.flops();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
        Parallel.setThreads(threadsBefore);
    }

    @Benchmark
    public void gemm(Flops counter) {
        Gemm.run(spec);
        counter.flops += flopsPerCall;
    }
}
