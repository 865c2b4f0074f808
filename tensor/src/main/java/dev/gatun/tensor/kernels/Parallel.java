package dev.gatun.tensor.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * The one thread pool that Gatun's kernels share.
 *
 * <p>Its size is chosen by the user: {@link #setThreads(int)}, else the {@code GATUN_THREADS} environment
 * variable, else the number of available processors. Work is split into at most {@link #threads()} chunks
 * so a kernel never creates more tasks than there are workers; small work runs on the caller's thread.
 */
public final class Parallel {

    /** A range of iterations {@code [start, end)} handed to one worker. */
    @FunctionalInterface
    public interface RangeBody {
        void run(long start, long end);
    }

    private static volatile ForkJoinPool pool;
    private static volatile int threads = defaultThreads();

    private Parallel() {
    }

    private static int defaultThreads() {
        String env = System.getenv("GATUN_THREADS");
        if (env != null && !env.isBlank()) {
            try {
                int n = Integer.parseInt(env.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // falls through to the processor count; the launcher reports bad values
            }
        }
        return Runtime.getRuntime().availableProcessors();
    }

    /** The number of threads kernels use. */
    public static int threads() {
        return threads;
    }

    /** Sets the number of threads kernels use from now on. */
    public static synchronized void setThreads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + n);
        }
        if (n != threads) {
            ForkJoinPool old = pool;
            pool = null;
            threads = n;
            if (old != null) {
                old.shutdown();
            }
        }
    }

    private static ForkJoinPool pool() {
        ForkJoinPool p = pool;
        if (p == null) {
            synchronized (Parallel.class) {
                p = pool;
                if (p == null) {
                    p = new ForkJoinPool(threads, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, false);
                    pool = p;
                }
            }
        }
        return p;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into contiguous chunks. Work of fewer than {@code grain}
     * iterations per thread stays on the calling thread.
     */
    public static void forRange(long n, long grain, RangeBody body) {
        if (n <= 0) {
            return;
        }
        int t = threads;
        int chunks = (int) Math.min(t, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || ForkJoinTask.inForkJoinPool()) {
            body.run(0, n);
            return;
        }
        ForkJoinPool p = pool();
        List<ForkJoinTask<?>> tasks = new ArrayList<>(chunks - 1);
        long per = n / chunks;
        long rem = n % chunks;
        long start = 0;
        long firstEnd = 0;
        for (int i = 0; i < chunks; i++) {
            long len = per + (i < rem ? 1 : 0);
            long s = start;
            long e = start + len;
            if (i == 0) {
                firstEnd = e;
            } else {
                tasks.add(p.submit(() -> body.run(s, e)));
            }
            start = e;
        }
        RuntimeException failure = null;
        try {
            body.run(0, firstEnd);
        } catch (RuntimeException ex) {
            failure = ex; // reported once the other chunks are done, so none outlives this call
        }
        for (ForkJoinTask<?> task : tasks) {
            try {
                task.join();
            } catch (RuntimeException ex) {
                failure = failure == null ? ex : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Runs {@code task.accept(i)} for every {@code i} in {@code [0, n)} on the calling thread and up to
     * {@code threads() - 1} pool threads, each claiming the next index when it finishes one.
     *
     * <p>Unlike {@link #forRange}, which hands each thread a fixed share and then waits for all of them,
     * a pool thread that starts late (the machine is busy, or the pool is serving another caller) simply
     * claims fewer tasks: when the calling thread runs out of tasks it never waits for a helper that has
     * not started. Tasks should be of similar cost, and there should be at least as many as threads.
     */
    public static void forEachIndex(int n, IntConsumer task) {
        int helpers = Math.min(threads, n) - 1;
        if (helpers <= 0 || ForkJoinTask.inForkJoinPool()) {
            for (int i = 0; i < n; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable claimLoop = () -> {
            try {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            } catch (RuntimeException | Error e) {
                failure.compareAndSet(null, e);
                next.set(n); // the others stop claiming
            }
        };
        ForkJoinPool p = pool();
        List<Helper> started = new ArrayList<>(helpers);
        for (int h = 0; h < helpers; h++) {
            Helper helper = new Helper(claimLoop);
            helper.future = p.submit(helper);
            started.add(helper);
        }
        claimLoop.run();
        for (Helper helper : started) {
            if (!helper.state.compareAndSet(Helper.WAITING, Helper.SKIPPED)) {
                helper.future.join(); // it is running a task: that task must finish
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t != null) {
            throw (Error) t;
        }
    }

    /** A pool task that runs the claim loop unless the caller already finished without it. */
    private static final class Helper implements Runnable {
        static final int WAITING = 0;
        static final int RUNNING = 1;
        static final int SKIPPED = 2;

        final AtomicInteger state = new AtomicInteger(WAITING);
        final Runnable body;
        ForkJoinTask<?> future;

        Helper(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            if (state.compareAndSet(WAITING, RUNNING)) {
                body.run();
            }
        }
    }
}
