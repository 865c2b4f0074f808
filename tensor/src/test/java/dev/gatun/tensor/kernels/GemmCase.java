package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A random gemm problem in a chosen layout, run through {@link Gemm} and {@link GemmReference} on
 * separate copies of C and compared over C's whole segment, so a stray write into padding fails too.
 */
record GemmCase(int batch, int m, int n, int k, DType aType, DType bType, DType cType,
                Layout aLayout, Layout bLayout, CLayout cLayout,
                boolean broadcastA, boolean broadcastB, boolean accumulate) {

    /** How an operand's rows and columns are laid out in its segment. */
    enum Layout {
        /** Contiguous rows. */
        ROW_MAJOR,
        /** Contiguous columns (a transposed view). */
        TRANSPOSED,
        /** Contiguous rows, three elements of padding after each. */
        PADDED,
        /** Neither stride is 1: every other element of padded rows. */
        STRIDED,
        /** Contiguous rows stored last-to-first (a negative row stride). */
        REVERSED
    }

    /** How C is laid out: rows of one batch entry together, padded rows, or batch entries interleaved per row. */
    enum CLayout { ROW_MAJOR, PADDED, INTERLEAVED }

    /** A plain row-major F32 case. */
    static GemmCase f32(int batch, int m, int n, int k) {
        return new GemmCase(batch, m, n, k, DType.F32, DType.F32, DType.F32, Layout.ROW_MAJOR, Layout.ROW_MAJOR,
                CLayout.ROW_MAJOR, false, false, false);
    }

    GemmCase withLayouts(Layout a, Layout b) {
        return new GemmCase(batch, m, n, k, aType, bType, cType, a, b, cLayout, broadcastA, broadcastB, accumulate);
    }

    GemmCase withTypes(DType a, DType b, DType c) {
        return new GemmCase(batch, m, n, k, a, b, c, aLayout, bLayout, cLayout, broadcastA, broadcastB, accumulate);
    }

    GemmCase withC(CLayout c, boolean acc) {
        return new GemmCase(batch, m, n, k, aType, bType, cType, aLayout, bLayout, c, broadcastA, broadcastB, acc);
    }

    GemmCase withBroadcast(boolean a, boolean b) {
        return new GemmCase(batch, m, n, k, aType, bType, cType, aLayout, bLayout, cLayout, a, b, accumulate);
    }

    /** Strides and placement of one {@code rows × cols} matrix: element (i, j) at start + i·row + j·col. */
    private record Placement(long start, long row, long col, long span) {
        static Placement of(Layout layout, int rows, int cols) {
            return switch (layout) {
                case ROW_MAJOR -> new Placement(0, cols, 1, (long) rows * cols);
                case TRANSPOSED -> new Placement(0, 1, rows, (long) rows * cols);
                case PADDED -> new Placement(0, cols + 3, 1, (long) rows * (cols + 3));
                case STRIDED -> new Placement(0, 2L * cols + 1, 2, (long) rows * (2L * cols + 1));
                case REVERSED -> new Placement((long) Math.max(rows - 1, 0) * cols, -cols, 1, (long) rows * cols);
            };
        }
    }

    /** The spec over freshly filled segments; {@code seed} fixes the values. */
    GemmSpec spec(Arena arena, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long aOff = 5;
        long bOff = 3;
        long cOff = 7;
        Placement pa = Placement.of(aLayout, m, k);
        Placement pb = Placement.of(bLayout, k, n);
        long aBatch = broadcastA ? 0 : pa.span();
        long bBatch = broadcastB ? 0 : pb.span();
        MemorySegment a = filled(arena, aType, aOff + pa.span() * (broadcastA ? 1 : batch) + 4, rnd);
        MemorySegment b = filled(arena, bType, bOff + pb.span() * (broadcastB ? 1 : batch) + 4, rnd);
        long cRow;
        long cBatch;
        switch (cLayout) {
            case ROW_MAJOR -> {
                cRow = n;
                cBatch = (long) m * n;
            }
            case PADDED -> {
                cRow = n + 2;
                cBatch = (long) m * (n + 2) + 1;
            }
            default -> {
                cRow = (long) batch * n;
                cBatch = n;
            }
        }
        MemorySegment c = filled(arena, cType, cOff + (long) batch * m * Math.max(cRow, n) + cBatch + 4, rnd);
        return new GemmSpec(batch, m, n, k,
                aType, a, aOff + pa.start(), aBatch, pa.row(), pa.col(),
                bType, b, bOff + pb.start(), bBatch, pb.row(), pb.col(),
                cType, c, cOff, cBatch, cRow, accumulate);
    }

    private static MemorySegment filled(Arena arena, DType type, long count, SplittableRandom rnd) {
        MemorySegment s = arena.allocate(type.byteSize(count), 8);
        for (long i = 0; i < count; i++) {
            type.setDouble(s, i * type.byteSize(), rnd.nextDouble(-1, 1));
        }
        return s;
    }

    /** A copy of {@code spec} writing into a copy of its C. */
    static GemmSpec withFreshC(GemmSpec s, Arena arena) {
        MemorySegment c = arena.allocate(s.c().byteSize(), 8);
        c.copyFrom(s.c());
        return new GemmSpec(s.batch(), s.m(), s.n(), s.k(),
                s.aType(), s.a(), s.aOffset(), s.aBatchStride(), s.aRowStride(), s.aColStride(),
                s.bType(), s.b(), s.bOffset(), s.bBatchStride(), s.bRowStride(), s.bColStride(),
                s.cType(), c, s.cOffset(), s.cBatchStride(), s.cRowStride(), s.accumulate());
    }

    /** Largest error allowed in an element: float rounding of a k-term sum of products of magnitude <= 1. */
    double tolerance() {
        double eps = cType == DType.F64 ? 1e-15 : 2e-7;
        return 8 * eps * (k + 2);
    }

    /** Runs the fast path and the reference on this case and fails on any element that differs. */
    void check(long seed) {
        try (Arena arena = Arena.ofShared()) {
            GemmSpec spec = spec(arena, seed);
            GemmSpec expected = withFreshC(spec, arena);
            Gemm.run(spec);
            GemmReference.run(expected);
            assertSameC(expected, spec, tolerance(), toString());
        }
    }

    /** Compares two C segments element by element (padding included). */
    static void assertSameC(GemmSpec expected, GemmSpec actual, double tolerance, String what) {
        DType t = expected.cType();
        long count = expected.c().byteSize() / t.byteSize();
        for (long e = 0; e < count; e++) {
            double want = t.getDouble(expected.c(), e * t.byteSize());
            double got = t.getDouble(actual.c(), e * t.byteSize());
            if (!(Math.abs(want - got) <= tolerance)) {
                fail("element " + e + " of C: expected " + want + " but got " + got + " (tolerance " + tolerance
                        + ") in " + what);
            }
        }
    }
}
