package dev.gatun.tensor.backend;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Times matrix products on a chosen backend: the measurement behind {@code gatun bench matmul --backend}
 * and the native-versus-OpenBLAS comparison ({@code kernels-native/bench/compare-matmul.sh}).
 *
 * <p>After one warm-up call, calls are timed one by one until {@code budget} is spent (at least
 * {@code minCalls}); the median is the figure reported, the fastest call is kept beside it.
 *
 * {@snippet :
 * try (Scope scope = Scope.open()) {
 *     GemmSpec spec = GemmTiming.randomSpec(197, 768, 768, DType.F32, true, 1);   // x · Wᵀ, as a Linear
 *     GemmTiming.Result r = GemmTiming.time(Backends.installed().get(0), spec, 2, Duration.ofSeconds(2), 5);
 *     System.out.println(r.toText());
 * }
 * }
 */
public final class GemmTiming {
    private GemmTiming() {
    }

    /**
     * One timed product.
     *
     * @param medianSeconds median time of one call
     * @param bestSeconds   fastest call
     */
    public record Result(String backend, int batch, int m, int n, int k, DType bType, boolean transposedB,
                         int threads, int calls, double medianSeconds, double bestSeconds) {

        /** {@code 2·batch·m·n·k} floating-point operations per median call, in GFLOP/s. */
        public double gflops() {
            return 2.0 * batch * m * n * k / medianSeconds / 1e9;
        }

        /** The same for the fastest call. */
        public double bestGflops() {
            return 2.0 * batch * m * n * k / bestSeconds / 1e9;
        }

        /** Bytes of B read per median call, in GB/s: what a matrix–vector product is bound by. */
        public double weightGBps() {
            return (double) bType.byteSize((long) batch * k * n) / medianSeconds / 1e9;
        }

        /** One JSON object, with the keys of {@code gatun bench matmul --json}. */
        public String toJson() {
            return String.format(Locale.ROOT, "{\"backend\":\"%s\",\"layout\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,"
                            + "\"b\":\"%s\",\"threads\":%d,\"seconds\":%.6e,\"gflops\":%.3f,\"best_gflops\":%.3f,"
                            + "\"weight_gbps\":%.3f,\"calls\":%d}",
                    backend, transposedB ? "NT" : "NN", m, n, k, bType, threads, medianSeconds, gflops(), bestGflops(),
                    weightGBps(), calls);
        }

        /** One line of plain text. */
        public String toText() {
            return String.format(Locale.ROOT, "%-8s %5d x %5d x %5d %s B=%-4s threads=%d  %8.2f GFLOP/s (best %.2f)  %7.2f GB/s  %9.4f ms  (%d calls)",
                    backend, m, n, k, transposedB ? "NT" : "NN", bType, threads, gflops(), bestGflops(), weightGBps(),
                    medianSeconds * 1e3, calls);
        }
    }

    /** Times {@code backend.gemm(spec)} on {@code threads} threads; the thread count is restored afterwards. */
    public static Result time(Backend backend, GemmSpec spec, int threads, Duration budget, int minCalls) {
        if (!backend.supportsGemm(spec)) {
            throw new GatunException("the " + backend.name() + " backend does not support this product ("
                    + spec.aType() + " x " + spec.bType() + " -> " + spec.cType() + ")");
        }
        int previous = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            backend.gemm(spec);
            long end = System.nanoTime() + budget.toNanos();
            double[] times = new double[16];
            int calls = 0;
            while (calls < Math.max(1, minCalls) || System.nanoTime() < end) {
                long t0 = System.nanoTime();
                backend.gemm(spec);
                double dt = (System.nanoTime() - t0) * 1e-9;
                if (calls == times.length) {
                    times = Arrays.copyOf(times, 2 * calls);
                }
                times[calls++] = dt;
            }
            double[] sorted = Arrays.copyOf(times, calls);
            Arrays.sort(sorted);
            boolean transposedB = spec.bColStride() != 1 && spec.bRowStride() == 1;
            return new Result(backend.name(), spec.batch(), spec.m(), spec.n(), spec.k(), spec.bType(), transposedB,
                    threads, calls, sorted[calls / 2], sorted[0]);
        } finally {
            Parallel.setThreads(previous);
        }
    }

    /**
     * A contiguous product with random operands in the current scope: A (m, k) F32, C (m, n) F32, and B
     * either (k, n) row-major or, if {@code transposedB}, a row-major (n, k) weight used as Wᵀ (a Linear's
     * layout), in {@code bType}.
     */
    public static GemmSpec randomSpec(int m, int n, int k, DType bType, boolean transposedB, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor a = Tensor.rand(rng, DType.F32, m, k);
        Tensor b = transposedB ? Tensor.rand(rng, bType, n, k) : Tensor.rand(rng, bType, k, n);
        Tensor c = Tensor.zeros(DType.F32, m, n);
        return new GemmSpec(1, m, n, k,
                DType.F32, a.segment(), 0, 0, k, 1,
                bType, b.segment(), 0, 0, transposedB ? 1 : n, transposedB ? k : 1,
                DType.F32, c.segment(), 0, 0, n, false);
    }
}
