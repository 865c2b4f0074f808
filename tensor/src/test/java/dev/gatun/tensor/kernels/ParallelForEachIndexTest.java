package dev.gatun.tensor.kernels;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Parallel#forEachIndex}: every index exactly once, on any number of threads, failures propagate. */
class ParallelForEachIndexTest {

    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    @Test
    void everyIndexRunsExactlyOnce() {
        for (int threads : new int[] {1, 2, 3, 8}) {
            Parallel.setThreads(threads);
            for (int n : new int[] {0, 1, 2, 3, 7, 100, 1000}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                Parallel.forEachIndex(n, i -> runs.incrementAndGet(i));
                for (int i = 0; i < n; i++) {
                    assertEquals(1, runs.get(i), "index " + i + " of " + n + " on " + threads + " threads");
                }
            }
        }
    }

    @Test
    void neverUsesMoreThreadsThanConfigured() {
        Parallel.setThreads(2);
        ConcurrentHashMap<String, Boolean> names = new ConcurrentHashMap<>();
        Parallel.forEachIndex(40, i -> {
            names.put(Thread.currentThread().getName(), true);
            long end = System.nanoTime() + 2_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        });
        assertTrue(names.size() <= 2, "threads used: " + names.keySet());
    }

    @Test
    void aFailingTaskIsRethrownAfterTheOthersStop() {
        Parallel.setThreads(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEachIndex(50, i -> {
            if (i == 17) {
                throw new IllegalStateException("task 17");
            }
        }));
        assertEquals("task 17", e.getMessage());
    }

    @Test
    void nestedCallsRunOnTheCallingThread() {
        Parallel.setThreads(2);
        AtomicIntegerArray runs = new AtomicIntegerArray(16);
        Parallel.forEachIndex(4, outer -> Parallel.forEachIndex(4, inner -> runs.incrementAndGet(outer * 4 + inner)));
        for (int i = 0; i < 16; i++) {
            assertEquals(1, runs.get(i));
        }
    }
}
