package dev.gatun.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared thread pool: ranges split exactly, failures reported after every chunk finished, results independent of the thread count. */
class ParallelTest {
    private int threadsBefore;

    @BeforeEach
    void rememberThreads() {
        threadsBefore = Parallel.threads();
    }

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    @Test
    void everyIndexIsVisitedExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 5}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 2, 3, 7, 100, 1000, 100_003}) {
                for (long grain : new long[] {1, 10, 1 << 15}) {
                    AtomicIntegerArray visits = new AtomicIntegerArray(n);
                    Parallel.forRange(n, grain, (start, end) -> {
                        for (long i = start; i < end; i++) {
                            visits.incrementAndGet((int) i);
                        }
                    });
                    for (int i = 0; i < n; i++) {
                        if (visits.get(i) != 1) {
                            assertEquals(1, visits.get(i), "index " + i + " of " + n + ", grain " + grain + ", "
                                    + threads + " threads");
                        }
                    }
                }
            }
        }
    }

    @Test
    void aFailureInTheCallersChunkWaitsForTheOtherChunks() {
        Parallel.setThreads(3);
        AtomicInteger finished = new AtomicInteger();
        GatunException e = assertThrows(GatunException.class, () -> Parallel.forRange(3, 1, (start, end) -> {
            if (start == 0) {
                throw new GatunException("bad index in the first chunk");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            finished.incrementAndGet();
        }));
        assertEquals("bad index in the first chunk", e.getMessage());
        assertEquals(2, finished.get(), "forRange returned while other chunks were still running");
    }

    @Test
    void aFailureInAWorkerKeepsItsType() {
        Parallel.setThreads(3);
        GatunException e = assertThrows(GatunException.class, () -> Parallel.forRange(3, 1, (start, end) -> {
            if (start == 2) {
                throw new GatunException("bad index in the last chunk");
            }
        }));
        assertEquals("bad index in the last chunk", e.getMessage());
    }

    @Test
    void nestedRangesRunInline() {
        Parallel.setThreads(3);
        AtomicInteger total = new AtomicInteger();
        Parallel.forRange(6, 1, (start, end) -> {
            for (long i = start; i < end; i++) {
                Parallel.forRange(1000, 1, (s, e) -> total.addAndGet((int) (e - s)));
            }
        });
        assertEquals(6000, total.get());
    }

    /** Ops over enough rows to be split give bit-identical results with 1 and 3 threads. */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        Random rng = new Random(1);
        Tensor x = Tensor.randn(rng, DType.F32, 301, 300).mT();
        Tensor y = Tensor.randn(rng, DType.F32, 300, 301);
        Tensor image = Tensor.randn(rng, DType.F32, 1, 4, 20, 20);
        Tensor kernel = Tensor.randn(rng, DType.F32, 4, 4, 3, 3);
        long[] picks = new long[300 * 301];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = rng.nextInt(301);
        }
        Tensor index = Tensor.of(picks, 300, 301);
        List<Function<Tensor, Tensor>> ops = List.of(
            Tensor::exp, t -> t.add(y), t -> t.sum(1, false), t -> t.argmax(1, false), t -> t.cumsum(1),
            t -> t.gather(1, index), t -> t.to(DType.BF16), t -> Tensor.where(t.gt(0.0), t, y),
            t -> Functional.conv2d(image, kernel, null, new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1));
        for (int i = 0; i < ops.size(); i++) {
            Parallel.setThreads(1);
            float[] single = ops.get(i).apply(x).toFloatArray();
            Parallel.setThreads(3);
            float[] parallel = ops.get(i).apply(x).toFloatArray();
            assertArrayEquals(single, parallel, "op " + i);
        }
    }
}
