package dev.gatun.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The native matrix product beyond the parity cases: thread counts, concurrent callers, and routing. */
class SgemmTest {
    private final NativeBackend backend = new NativeBackend();

    /** C (m, n) of a row-major product with B (k, n), or B = Wᵀ for W (n, k) when {@code nt}. */
    private float[] product(int m, int n, int k, boolean nt, int threads) {
        SplittableRandom rng = new SplittableRandom(m * 131L + n * 17L + k);
        Tensor a = Tensor.randn(rng, DType.F32, m, k);
        Tensor b = nt ? Tensor.randn(rng, DType.F32, n, k) : Tensor.randn(rng, DType.F32, k, n);
        Tensor c = Tensor.zeros(DType.F32, m, n);
        GemmSpec spec = new GemmSpec(1, m, n, k, DType.F32, a.segment(), 0, 0, k, 1,
                DType.F32, b.segment(), 0, 0, nt ? 1 : n, nt ? k : 1, DType.F32, c.segment(), 0, 0, n, false);
        int previous = Parallel.threads();
        Parallel.setThreads(threads);
        try {
            backend.gemm(spec);
        } finally {
            Parallel.setThreads(previous);
        }
        return c.toFloatArray();
    }

    @Test
    void everyThreadCountGivesTheSameBits() {
        NativeTesting.assumeLibrary();
        // Each element of C is summed in the same order whichever thread computes it.
        for (int[] s : new int[][] {{197, 300, 260}, {40, 700, 33}, {3, 500, 70}, {1, 333, 129}, {500, 2, 70}}) {
            for (boolean nt : new boolean[] {false, true}) {
                float[] one = product(s[0], s[1], s[2], nt, 1);
                for (int threads : new int[] {2, 3, 5}) {
                    assertArrayEquals(one, product(s[0], s[1], s[2], nt, threads),
                            s[0] + "x" + s[1] + "x" + s[2] + (nt ? " nt" : "") + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void concurrentCallersEachGetTheirOwnResult() throws Exception {
        NativeTesting.assumeLibrary();
        // While one caller holds the pool, the others run on their own thread: never blocked, never mixed up.
        float[] expected = product(150, 200, 120, true, 1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                results.add(pool.submit(() -> product(150, 200, 120, true, 2)));
            }
            for (Future<float[]> f : results) {
                assertArrayEquals(expected, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void matmulRunsOnTheNativeBackend() {
        NativeTesting.assumeLibrary();
        Tensor a = Tensor.randn(new SplittableRandom(1), DType.F32, 2, 5, 7);
        Tensor w = Tensor.randn(new SplittableRandom(2), DType.F32, 3, 7);
        GemmSpec spec = new GemmSpec(2, 5, 3, 7, DType.F32, a.segment(), 0, 35, 7, 1, DType.F32, w.segment(), 0, 0, 1, 7,
                DType.F32, Tensor.zeros(DType.F32, 2, 5, 3).segment(), 0, 15, 3, false);
        assertEquals("native", Backends.forGemm(spec).name());
        Tensor y = a.matmul(w.mT());                                             // (2, 5, 3), through the native backend
        float[] got = y.toFloatArray();
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 3; j++) {
                    double acc = 0;
                    for (int p = 0; p < 7; p++) {
                        acc += a.getDouble(b, i, p) * w.getDouble(j, p);
                    }
                    assertEquals(acc, got[(b * 5 + i) * 3 + j], 1e-5);
                }
            }
        }
    }
}
