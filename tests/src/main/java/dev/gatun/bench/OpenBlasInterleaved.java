package dev.gatun.bench;

import dev.gatun.tensor.kernels.Gemm;
import dev.gatun.tensor.kernels.GemmBenchmark.Shape;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Gatun and OpenBLAS on the same data in one process, alternating short windows, for a machine too busy
 * for separate runs to be compared ({@code tests/baselines/compare-matmul.sh --interleaved}).
 *
 * <p>Each round times OpenBLAS for one window, then Gatun for one window (median time per call within a
 * window); a burst of other work then slows both sides of a round alike, so the median over rounds of the
 * per-round ratio is steady even when absolute figures are not. OpenBLAS ({@code cblas_sgemm}, or
 * {@code cblas_sgemv} for M = 1, always on F32 data) is called through the FFM API; the library is
 * {@code libopenblas.so.0} unless the {@code openblas.library} system property names another. Set
 * {@code OPENBLAS_THREAD_TIMEOUT=4} so idle OpenBLAS threads stop spinning during Gatun's windows.
 *
 * <p>Usage: {@code OpenBlasInterleaved [--threads N] [--rounds R] [--window-ms W] SHAPE...}; prints one
 * JSON object per shape.
 */
public final class OpenBlasInterleaved {

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;

    private final MethodHandle sgemm;
    private final MethodHandle sgemv;

    private OpenBlasInterleaved(String library, int threads) throws Throwable {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = SymbolLookup.libraryLookup(library, Arena.global());
        ValueLayout.OfInt i = ValueLayout.JAVA_INT;
        ValueLayout.OfFloat f = ValueLayout.JAVA_FLOAT;
        AddressLayout p = ValueLayout.ADDRESS;
        sgemm = linker.downcallHandle(lib.find("cblas_sgemm").orElseThrow(),
                FunctionDescriptor.ofVoid(i, i, i, i, i, i, f, p, i, p, i, f, p, i));
        sgemv = linker.downcallHandle(lib.find("cblas_sgemv").orElseThrow(),
                FunctionDescriptor.ofVoid(i, i, i, i, f, p, i, p, i, f, p, i));
        MethodHandle setThreads = linker.downcallHandle(lib.find("openblas_set_num_threads").orElseThrow(),
                FunctionDescriptor.ofVoid(i));
        setThreads.invoke(threads);
    }

    /** {@code C = A · B} (or {@code A · Wᵀ}) with OpenBLAS, on F32 copies of the operands of {@code spec}. */
    private void openBlas(Shape s, MemorySegment a, MemorySegment b, MemorySegment c) {
        try {
            if (s.m() == 1 && s.transposedB()) {
                sgemv.invoke(ROW_MAJOR, NO_TRANS, s.n(), s.k(), 1f, b, s.k(), a, 1, 0f, c, 1);
            } else if (s.m() == 1) {
                sgemv.invoke(ROW_MAJOR, TRANS, s.k(), s.n(), 1f, b, s.n(), a, 1, 0f, c, 1);
            } else {
                sgemm.invoke(ROW_MAJOR, NO_TRANS, s.transposedB() ? TRANS : NO_TRANS, s.m(), s.n(), s.k(),
                        1f, a, s.k(), b, s.transposedB() ? s.k() : s.n(), 0f, c, s.n());
            }
        } catch (Throwable t) {
            throw new IllegalStateException("OpenBLAS call failed", t);
        }
    }

    private String compare(Shape shape, int threads, int rounds, long windowNanos) {
        try (Arena arena = Arena.ofShared()) {
            GemmSpec spec = shape.allocate(arena);
            long kn = (long) shape.k() * shape.n();
            MemorySegment b32 = arena.allocate(4 * kn, 64);
            long size = shape.bType().byteSize();
            for (long e = 0; e < kn; e++) {
                b32.setAtIndex(ValueLayout.JAVA_FLOAT, e, (float) shape.bType().getDouble(spec.b(), e * size));
            }
            MemorySegment c32 = arena.allocate(4L * shape.m() * shape.n(), 64);
            Runnable blas = () -> openBlas(shape, spec.a(), b32, c32);
            Runnable gatun = () -> Gemm.run(spec);
            for (int w = 0; w < 3; w++) {
                window(blas, windowNanos);
                window(gatun, windowNanos);
            }
            double[] blasTimes = new double[rounds];
            double[] gatunTimes = new double[rounds];
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                blasTimes[r] = window(blas, windowNanos);
                gatunTimes[r] = window(gatun, windowNanos);
                ratios[r] = blasTimes[r] / gatunTimes[r];
            }
            Arrays.sort(blasTimes);
            Arrays.sort(gatunTimes);
            Arrays.sort(ratios);
            double bytes = shape.bType().byteSize(kn);
            return String.format(Locale.ROOT, "{\"shape\":\"%s\",\"threads\":%d,\"rounds\":%d,"
                            + "\"openblas_gflops\":%.3f,\"gatun_gflops\":%.3f,\"ratio_median\":%.3f,"
                            + "\"openblas_gbps\":%.3f,\"gatun_gbps\":%.3f}",
                    shape, threads, rounds, shape.flops() / blasTimes[0] * 1e-9, shape.flops() / gatunTimes[0] * 1e-9,
                    ratios[rounds / 2], 4.0 * kn / blasTimes[0] * 1e-9, bytes / gatunTimes[0] * 1e-9);
        }
    }

    /** Median seconds per call over a window of about {@code nanos}. */
    private static double window(Runnable call, long nanos) {
        List<Long> times = new ArrayList<>();
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end || times.size() < 3) {
            long t0 = System.nanoTime();
            call.run();
            times.add(System.nanoTime() - t0);
        }
        times.sort(null);
        return times.get(times.size() / 2) * 1e-9;
    }

    public static void main(String[] args) throws Throwable {
        int threads = 1;
        int rounds = 9;
        long windowMs = 300;
        List<String> shapes = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--window-ms" -> windowMs = Long.parseLong(args[++i]);
                default -> shapes.add(args[i]);
            }
        }
        OpenBlasInterleaved bench = new OpenBlasInterleaved(System.getProperty("openblas.library", "libopenblas.so.0"), threads);
        Parallel.setThreads(threads);
        for (String shape : shapes) {
            System.out.println(bench.compare(Shape.parse(shape), threads, rounds, windowMs * 1_000_000));
        }
    }
}
