package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.GemmSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Matrix-product cases of the parity suite: every layout the native kernel has a path for (packed
 * row-major and transposed B, matrix-vector in both layouts, generic strides), block edges (k past KC,
 * m past MC, n past NC), narrow B and A, batches with broadcast B, accumulation, empty sizes, and
 * operands the native backend must decline (heap memory, F64).
 */
final class GemmCases {
    private GemmCases() {
    }

    /** How A and B are laid out. */
    enum Layout {
        NN, NT, A_COLUMN_MAJOR, B_STRIDED
    }

    record Shape(int batch, int m, int n, int k) {
        @Override
        public String toString() {
            return (batch > 1 ? batch + "x" : "") + m + "x" + n + "x" + k;
        }
    }

    static List<ParityCase> all() {
        List<ParityCase> cases = new ArrayList<>();
        for (Shape s : List.of(new Shape(1, 1, 1, 1), new Shape(1, 5, 3, 7), new Shape(1, 7, 16, 1),
                new Shape(1, 13, 37, 29), new Shape(1, 64, 48, 300), new Shape(1, 150, 20, 9),
                new Shape(1, 7, 3100, 9), new Shape(3, 6, 16, 8), new Shape(1, 1, 100, 37),
                new Shape(1, 4, 130, 20), new Shape(1, 2, 1030, 3), new Shape(1, 1, 2100, 5))) {
            cases.add(product(s, Layout.NN, DType.F32, DType.F32, false, false, 0, true));
        }
        for (Shape s : List.of(new Shape(1, 13, 37, 29), new Shape(1, 1, 17, 33), new Shape(1, 3, 70, 40),
                new Shape(1, 2, 257, 19), new Shape(2, 30, 50, 70))) {
            cases.add(product(s, Layout.NT, DType.F32, DType.F32, false, false, 0, true));
        }
        cases.add(product(new Shape(1, 9, 20, 11), Layout.A_COLUMN_MAJOR, DType.F32, DType.F32, false, false, 0, true));
        // few columns: matrix times vector(s), C written transposed from the matrix-vector kernels
        cases.add(product(new Shape(1, 37, 1, 20), Layout.NN, DType.F32, DType.F32, false, false, 0, true));
        cases.add(product(new Shape(2, 300, 3, 9), Layout.NN, DType.F32, DType.F32, true, false, 2, true));
        cases.add(product(new Shape(1, 50, 4, 13), Layout.A_COLUMN_MAJOR, DType.F32, DType.F32, false, false, 0, true));
        cases.add(product(new Shape(1, 70, 2, 33), Layout.NT, DType.BF16, DType.F32, false, false, 0, true));
        cases.add(product(new Shape(1, 8, 10, 12), Layout.B_STRIDED, DType.F32, DType.F32, false, false, 0, true));
        cases.add(product(new Shape(1, 3, 10, 12), Layout.B_STRIDED, DType.F32, DType.F32, false, false, 0, true));
        cases.add(product(new Shape(1, 13, 37, 300), Layout.NN, DType.F32, DType.F32, true, false, 0, true));
        cases.add(product(new Shape(1, 1, 40, 30), Layout.NT, DType.F32, DType.F32, true, false, 0, true));
        cases.add(product(new Shape(3, 10, 19, 8), Layout.NN, DType.F32, DType.F32, false, true, 3, true));
        for (DType narrow : List.of(DType.BF16, DType.F16)) {
            cases.add(product(new Shape(1, 13, 37, 29), Layout.NN, DType.F32, narrow, false, false, 0, true));
            cases.add(product(new Shape(1, 20, 33, 17), Layout.NT, DType.F32, narrow, false, false, 0, true));
            cases.add(product(new Shape(1, 1, 64, 48), Layout.NT, DType.F32, narrow, false, false, 0, true));
            cases.add(product(new Shape(1, 2, 70, 21), Layout.NN, DType.F32, narrow, false, false, 0, true));
        }
        cases.add(product(new Shape(1, 10, 20, 30), Layout.NN, DType.BF16, DType.F16, false, false, 0, true));
        for (Shape s : List.of(new Shape(1, 0, 5, 3), new Shape(1, 4, 0, 3), new Shape(1, 4, 5, 0), new Shape(0, 4, 5, 3))) {
            cases.add(product(s, Layout.NN, DType.F32, DType.F32, false, false, 0, true));
        }
        cases.add(product(new Shape(1, 4, 5, 0), Layout.NN, DType.F32, DType.F32, true, false, 0, true));
        cases.add(product(new Shape(1, 6, 9, 4), Layout.NN, DType.F64, DType.F64, false, false, 0, false));
        cases.add(heapOperands());
        return cases;
    }

    private static Tensor randn(SplittableRandom rng, DType type, int... shape) {
        return Tensor.randn(rng, type, shape);
    }

    /**
     * One product C (batch, m, n) = A · B. {@code broadcastB}: one B for every batch (stride 0);
     * {@code cPad}: C's rows are {@code n + cPad} apart.
     */
    static ParityCase product(Shape s, Layout layout, DType aType, DType bType, boolean accumulate, boolean broadcastB,
                              int cPad, boolean nativeExpected) {
        String dtype = (aType == bType ? aType.toString() : aType + "·" + bType);
        String label = s + " " + layout.name().toLowerCase(java.util.Locale.ROOT) + (accumulate ? " +=" : "")
                + (broadcastB ? " broadcast-B" : "") + (cPad > 0 ? " padded-C" : "");
        DType cType = aType == DType.F64 ? DType.F64 : DType.F32;
        return new ParityCase("gemm", dtype, label, nativeExpected, cType == DType.F64 ? 1e-10 : 1e-4, () -> {
            SplittableRandom rng = new SplittableRandom(s.hashCode() * 31L + layout.ordinal());
            int bb = broadcastB ? 1 : s.batch();
            Tensor a = layout == Layout.A_COLUMN_MAJOR
                    ? randn(rng, aType, s.batch(), s.k(), s.m()).transpose(1, 2) : randn(rng, aType, s.batch(), s.m(), s.k());
            Tensor b = switch (layout) {
                case NT -> randn(rng, bType, bb, s.n(), s.k()).transpose(1, 2);
                case B_STRIDED -> randn(rng, bType, bb, s.k(), 2 * s.n()).slice(2, 0, 2 * s.n(), 2);
                default -> randn(rng, bType, bb, s.k(), s.n());
            };
            Tensor c = randn(rng, cType, s.batch(), s.m(), s.n() + cPad).narrow(2, 0, s.n());
            double[] expected = expected(a, b, c, accumulate, broadcastB);
            if (!accumulate) {
                c.fill_(Double.NaN);
            }
            long[] as = a.strides();
            long[] bs = b.strides();
            long[] cs = c.strides();
            GemmSpec spec = new GemmSpec(s.batch(), s.m(), s.n(), s.k(),
                    aType, a.segment(), a.offset(), as[0], as[1], as[2],
                    bType, b.segment(), b.offset(), broadcastB ? 0 : bs[0], bs[1], bs[2],
                    cType, c.segment(), c.offset(), cs[0], cs[1], accumulate);
            return new ParityCase.Gemm(spec, c, expected);
        });
    }

    static double[] expected(Tensor a, Tensor b, Tensor c, boolean accumulate, boolean broadcastB) {
        int batch = c.size(0);
        int m = c.size(1);
        int n = c.size(2);
        int k = a.size(2);
        double[] out = new double[batch * m * n];
        for (int bi = 0; bi < batch; bi++) {
            int bj = broadcastB ? 0 : bi;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = accumulate ? c.getDouble(bi, i, j) : 0;
                    for (int p = 0; p < k; p++) {
                        acc += a.getDouble(bi, i, p) * b.getDouble(bj, p, j);
                    }
                    out[(bi * m + i) * n + j] = acc;
                }
            }
        }
        return out;
    }

    /** Operands on the Java heap: native code cannot address them, so the native backend declines. */
    private static ParityCase heapOperands() {
        return new ParityCase("gemm", "f32", "3x4x5 heap memory", false, 1e-4, () -> {
            SplittableRandom rng = new SplittableRandom(7);
            float[] av = new float[3 * 5];
            float[] bv = new float[5 * 4];
            for (int i = 0; i < av.length; i++) {
                av[i] = (float) rng.nextGaussian();
            }
            for (int i = 0; i < bv.length; i++) {
                bv[i] = (float) rng.nextGaussian();
            }
            Tensor a = Tensor.wrap(MemorySegment.ofArray(av), DType.F32, 1, 3, 5);
            Tensor b = Tensor.wrap(MemorySegment.ofArray(bv), DType.F32, 1, 5, 4);
            Tensor c = Tensor.wrap(MemorySegment.ofArray(new float[12]), DType.F32, 1, 3, 4);
            double[] expected = expected(a, b, c, false, false);
            GemmSpec spec = new GemmSpec(1, 3, 4, 5, DType.F32, a.segment(), 0, 15, 5, 1,
                    DType.F32, b.segment(), 0, 20, 4, 1, DType.F32, c.segment(), 0, 12, 4, false);
            return new ParityCase.Gemm(spec, c, expected);
        });
    }
}
