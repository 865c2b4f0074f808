package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.kernels.GemmCase.CLayout;
import dev.gatun.tensor.kernels.GemmCase.Layout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** {@link Gemm} against {@link GemmReference} on awkward sizes, every layout and every dtype combination. */
class GemmTest {

    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    /** Sizes around the micro-tile (4 × 16), the vector width (8) and the matrix–vector cut-off (4). */
    static Stream<Arguments> awkwardSizes() {
        int[] sizes = {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 65};
        List<Arguments> out = new ArrayList<>();
        for (int m : sizes) {
            for (int n : new int[] {1, 3, 5, 15, 16, 17, 33}) {
                for (int k : new int[] {1, 7, 17, 65}) {
                    out.add(Arguments.of(m, n, k));
                }
            }
        }
        out.add(Arguments.of(40, 70, 0));
        out.add(Arguments.of(0, 70, 9));
        out.add(Arguments.of(9, 0, 9));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2}")
    @MethodSource("awkwardSizes")
    void rowMajorF32MatchesReference(int m, int n, int k) {
        GemmCase.f32(1, m, n, k).check(m * 1000L + n * 10L + k);
        GemmCase.f32(2, m, n, k).withC(CLayout.PADDED, true).check(m + n + k);
    }

    static Stream<Arguments> layouts() {
        List<Arguments> out = new ArrayList<>();
        int[][] shapes = {{1, 37, 19}, {3, 17, 40}, {29, 2, 33}, {21, 35, 30}, {6, 3, 300}};
        for (int[] s : shapes) {
            for (Layout a : Layout.values()) {
                for (Layout b : Layout.values()) {
                    out.add(Arguments.of(s[0], s[1], s[2], a, b));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} A {3} B {4}")
    @MethodSource("layouts")
    void everyStrideLayoutMatchesReference(int m, int n, int k, Layout a, Layout b) {
        GemmCase base = GemmCase.f32(2, m, n, k).withLayouts(a, b);
        base.check(1);
        base.withC(CLayout.INTERLEAVED, true).check(2);
        base.withBroadcast(true, false).check(3);
        base.withBroadcast(false, true).withC(CLayout.PADDED, false).check(4);
    }

    static Stream<Arguments> dtypes() {
        List<Arguments> out = new ArrayList<>();
        DType[] narrow = {DType.F32, DType.BF16, DType.F16};
        int[][] shapes = {{1, 45, 37}, {2, 16, 64}, {4, 9, 17}, {13, 35, 21}, {30, 3, 19}};
        for (int[] s : shapes) {
            for (DType a : narrow) {
                for (DType b : narrow) {
                    for (Layout bl : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.STRIDED}) {
                        out.add(Arguments.of(s[0], s[1], s[2], a, b, bl));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} A {3} B {4} {5}")
    @MethodSource("dtypes")
    void narrowInputsMatchReference(int m, int n, int k, DType a, DType b, Layout bLayout) {
        GemmCase c = GemmCase.f32(2, m, n, k).withTypes(a, b, DType.F32).withLayouts(Layout.ROW_MAJOR, bLayout);
        c.check(11);
        c.withC(CLayout.ROW_MAJOR, true).withLayouts(Layout.TRANSPOSED, bLayout).check(12);
    }

    @Test
    void f64PathMatchesReference() {
        for (Layout a : Layout.values()) {
            for (Layout b : Layout.values()) {
                GemmCase c = GemmCase.f32(3, 7, 9, 11).withTypes(DType.F64, DType.F64, DType.F64).withLayouts(a, b);
                c.check(21);
                c.withC(CLayout.INTERLEAVED, true).withBroadcast(true, false).check(22);
            }
        }
        GemmCase.f32(1, 1, 5, 0).withTypes(DType.F64, DType.F64, DType.F64).check(23);
        GemmCase.f32(1, 3, 5, 0).withTypes(DType.F64, DType.F64, DType.F64).withC(CLayout.PADDED, true).check(24);
    }

    @Test
    void specialValuesOfNarrowWeightsWiden() {
        // Infinities, NaNs and subnormals must survive the vector widening of F16/BF16.
        for (DType w : new DType[] {DType.F16, DType.BF16}) {
            try (Arena arena = Arena.ofShared()) {
                int k = 32;
                MemorySegment a = arena.allocate(4L * k);
                MemorySegment b = arena.allocate(2L * k);
                MemorySegment c = arena.allocate(4L * 2);
                for (int p = 0; p < k; p++) {
                    a.setAtIndex(ValueLayout.JAVA_FLOAT, p, p == 3 ? 1f : 0f);
                }
                double[] special = {Double.POSITIVE_INFINITY, 6.0e-8, -3.5e-6, 65504.0};
                for (double v : special) {
                    for (int p = 0; p < k; p++) {
                        w.setDouble(b, 2L * p, p == 3 ? v : 0.25);
                    }
                    GemmSpec spec = GemmSpec.rowMajor(1, 1, k, DType.F32, a, w, b, true, c);
                    Gemm.run(spec);
                    double expected = w.getDouble(b, 6);
                    double got = c.getAtIndex(ValueLayout.JAVA_FLOAT, 0);
                    if (Double.compare(expected, got) != 0) {
                        throw new AssertionError(w + " value " + v + ": expected " + expected + " got " + got);
                    }
                }
            }
        }
    }

    /** Heap segments (over byte[], float[], double[]) work like native ones on every path. */
    @Test
    void heapSegmentsMatchReference() {
        int[][] shapes = {{1, 40, 33}, {3, 17, 9}, {37, 41, 29}, {30, 2, 19}};
        for (DType b : new DType[] {DType.F32, DType.BF16, DType.F64}) {
            for (int[] sh : shapes) {
                DType a = b == DType.F64 ? DType.F64 : DType.F32;
                GemmCase c = GemmCase.f32(2, sh[0], sh[1], sh[2]).withTypes(a, b, a).withC(CLayout.PADDED, true);
                try (Arena arena = Arena.ofShared()) {
                    GemmSpec nativeSpec = c.spec(arena, 51);
                    GemmSpec heap = onHeap(nativeSpec);
                    GemmSpec expected = GemmCase.withFreshC(nativeSpec, arena);
                    Gemm.run(heap);
                    GemmReference.run(expected);
                    GemmCase.assertSameC(expected, heap, c.tolerance(), "heap " + c);
                }
            }
        }
    }

    private static GemmSpec onHeap(GemmSpec s) {
        MemorySegment a = MemorySegment.ofArray(new byte[(int) s.a().byteSize()]).copyFrom(s.a());
        MemorySegment b = MemorySegment.ofArray(new byte[(int) s.b().byteSize()]).copyFrom(s.b());
        MemorySegment c = s.cType() == DType.F64
                ? MemorySegment.ofArray(new double[(int) (s.c().byteSize() / 8)])
                : MemorySegment.ofArray(new float[(int) (s.c().byteSize() / 4)]);
        c.copyFrom(s.c());
        return new GemmSpec(s.batch(), s.m(), s.n(), s.k(),
                s.aType(), a, s.aOffset(), s.aBatchStride(), s.aRowStride(), s.aColStride(),
                s.bType(), b, s.bOffset(), s.bBatchStride(), s.bRowStride(), s.bColStride(),
                s.cType(), c, s.cOffset(), s.cBatchStride(), s.cRowStride(), s.accumulate());
    }

    /** Sizes that cross the cache blocks (KC = 256, MC = 128, NC = 1024) and the matrix–vector chunk (4096). */
    @Test
    void blockBoundariesMatchReference() {
        GemmCase.f32(1, 133, 40, 300).check(31);
        GemmCase.f32(1, 6, 1030, 20).withLayouts(Layout.ROW_MAJOR, Layout.TRANSPOSED).check(32);
        GemmCase.f32(1, 1, 4100, 9).check(33);
        GemmCase.f32(1, 2, 4105, 6).withTypes(DType.F32, DType.BF16, DType.F32).check(34);
        GemmCase.f32(1, 4100, 3, 5).withLayouts(Layout.TRANSPOSED, Layout.ROW_MAJOR).check(35);
    }

    static Stream<Arguments> parallelShapes() {
        return Stream.of(
                Arguments.of(1, 70, 150, 200, Layout.ROW_MAJOR),
                Arguments.of(1, 150, 70, 200, Layout.TRANSPOSED),
                Arguments.of(3, 37, 90, 300, Layout.ROW_MAJOR),
                Arguments.of(4, 37, 90, 300, Layout.TRANSPOSED),
                Arguments.of(1, 1, 1000, 300, Layout.TRANSPOSED),
                Arguments.of(3, 1, 1000, 300, Layout.ROW_MAJOR),
                Arguments.of(1, 3, 999, 301, Layout.STRIDED),
                Arguments.of(1, 600, 2, 300, Layout.ROW_MAJOR));
    }

    @ParameterizedTest(name = "batch {0} {1}x{2}x{3} B {4}")
    @MethodSource("parallelShapes")
    void threadsAgreeWithOneThreadAndReference(int batch, int m, int n, int k, Layout bLayout) {
        GemmCase c = GemmCase.f32(batch, m, n, k).withLayouts(Layout.ROW_MAJOR, bLayout);
        try (Arena arena = Arena.ofShared()) {
            GemmSpec spec = c.spec(arena, 41);
            GemmSpec single = GemmCase.withFreshC(spec, arena);
            GemmSpec reference = GemmCase.withFreshC(spec, arena);
            Parallel.setThreads(3);
            Gemm.run(spec);
            Parallel.setThreads(1);
            Gemm.run(single);
            GemmReference.run(reference);
            GemmCase.assertSameC(single, spec, c.tolerance(), "threads 3 vs 1, " + c);
            GemmCase.assertSameC(reference, spec, c.tolerance(), "threads 3 vs reference, " + c);
        }
    }
}
