package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
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
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * {@link Gemm#run(GemmSpec, PackedB, MemorySegment, long)}, B packed once and a bias epilogue, against
 * {@link GemmReference} followed by a plain bias add, on awkward sizes, layouts, dtypes and thread counts.
 */
class PackedBTest {

    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        // m around the matrix-vector cut-off (4), the micro-tile (4 × 16) and the skinny kernel's rows (9 to
        // 24, 12 at a time); n, k around NR, its halves, KC, NC.
        int[][] shapes = {{1, 17, 9}, {4, 33, 20}, {5, 17, 9}, {12, 384, 384}, {7, 15, 1}, {9, 1, 7},
                {13, 1030, 21}, {33, 40, 300}, {130, 70, 513}, {6, 3, 600}, {8, 23, 40}, {10, 23, 40},
                {11, 24, 385}, {16, 9, 5}, {20, 41, 64}, {24, 57, 17}, {25, 30, 9}};
        for (int[] s : shapes) {
            for (Layout b : new Layout[] {Layout.ROW_MAJOR, Layout.TRANSPOSED, Layout.STRIDED, Layout.REVERSED}) {
                out.add(Arguments.of(s[0], s[1], s[2], b));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}x{1}x{2} B {3}")
    @MethodSource("cases")
    void packedProductWithBiasMatchesReference(int m, int n, int k, Layout bLayout) {
        for (int threads : new int[] {1, 2}) {
            Parallel.setThreads(threads);
            GemmCase one = GemmCase.f32(1, m, n, k).withLayouts(Layout.ROW_MAJOR, bLayout);
            check(one, true, m + n + k);
            check(one, false, 2);
            check(one.withLayouts(Layout.TRANSPOSED, bLayout).withC(CLayout.PADDED, true), true, 3);
            // A batch sharing one B (the rows of several sentences through one Linear layer).
            check(GemmCase.f32(3, m, n, k).withLayouts(Layout.PADDED, bLayout).withBroadcast(false, true), true, 4);
        }
    }

    @Test
    void narrowWeightsPackWidened() {
        for (DType w : new DType[] {DType.BF16, DType.F16}) {
            GemmCase c = GemmCase.f32(1, 21, 35, 70).withTypes(DType.F32, w, DType.F32)
                    .withLayouts(Layout.ROW_MAJOR, Layout.TRANSPOSED);
            check(c, true, 5);
            check(c.withC(CLayout.ROW_MAJOR, true), false, 6);
        }
    }

    @Test
    void biasWithoutPackingAndEmptyProducts() {
        check(GemmCase.f32(1, 9, 17, 5), true, 7, false);
        check(GemmCase.f32(2, 3, 17, 5), true, 8, false);
        check(GemmCase.f32(1, 9, 17, 0), true, 9, false);
        check(GemmCase.f32(1, 0, 17, 5), true, 10, false);
    }

    @Test
    void packingThatDoesNotFitIsRefused() {
        try (Arena arena = Arena.ofShared()) {
            GemmSpec spec = GemmCase.f32(1, 9, 17, 5).spec(arena, 1);
            PackedB other = PackedB.of(GemmCase.f32(1, 9, 16, 5).spec(arena, 1));
            assertThrows(GatunException.class, () -> Gemm.run(spec, other, null, 0));
            GemmSpec batched = GemmCase.f32(2, 9, 17, 5).spec(arena, 1);
            PackedB first = PackedB.of(batched);
            assertThrows(GatunException.class, () -> Gemm.run(batched, first, null, 0));
            MemorySegment shortBias = arena.allocate(4L * 16);
            assertThrows(GatunException.class, () -> Gemm.run(spec, null, shortBias, 0));
        }
    }

    private static void check(GemmCase c, boolean withBias, long seed) {
        check(c, withBias, seed, true);
    }

    private static void check(GemmCase c, boolean withBias, long seed, boolean pack) {
        try (Arena arena = Arena.ofShared()) {
            GemmSpec spec = c.spec(arena, seed);
            GemmSpec expected = GemmCase.withFreshC(spec, arena);
            MemorySegment bias = null;
            long biasByte = 12;
            if (withBias) {
                SplittableRandom rnd = new SplittableRandom(seed + 99);
                bias = arena.allocate(biasByte + 4L * c.n() + 8, 4);
                for (int j = 0; j < c.n(); j++) {
                    bias.set(ValueLayout.JAVA_FLOAT_UNALIGNED, biasByte + 4L * j, (float) rnd.nextDouble(-1, 1));
                }
            }
            PackedB packed = pack && c.n() > 0 && c.k() > 0 ? PackedB.of(spec) : null;
            Gemm.run(spec, packed, bias, biasByte);
            GemmReference.run(expected);
            if (withBias) {
                addBias(expected, bias, biasByte);
            }
            GemmCase.assertSameC(expected, spec, c.tolerance() + 1e-6, c + (withBias ? " with bias" : ""));
        }
    }

    private static void addBias(GemmSpec s, MemorySegment bias, long biasByte) {
        for (int b = 0; b < s.batch(); b++) {
            for (int i = 0; i < s.m(); i++) {
                for (int j = 0; j < s.n(); j++) {
                    long at = 4 * (s.cOffset() + b * s.cBatchStride() + i * s.cRowStride() + j);
                    s.c().set(ValueLayout.JAVA_FLOAT_UNALIGNED, at, s.c().get(ValueLayout.JAVA_FLOAT_UNALIGNED, at)
                            + bias.get(ValueLayout.JAVA_FLOAT_UNALIGNED, biasByte + 4L * j));
                }
            }
        }
    }
}
