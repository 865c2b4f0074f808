package dev.gatun.kernels.cuda;

import static dev.gatun.kernels.cuda.CudaParityTest.bools;
import static dev.gatun.kernels.cuda.CudaParityTest.cat;
import static dev.gatun.kernels.cuda.CudaParityTest.f64;
import static dev.gatun.kernels.cuda.CudaParityTest.randn;

import dev.gatun.kernels.cuda.CudaParityTest.Case;
import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Parity cases of the kernels on device tensors ({@link CudaTensor}), built lazily, run in one arena each. */
final class DeviceCases {
    private DeviceCases() {
    }

    // ---------------------------------------------------------------- matrix products

    static List<Case> gemm() {
        List<Case> cases = new ArrayList<>();
        int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {65, 63, 17}, {128, 96, 130}, {3, 200, 1}, {64, 64, 64}, {5, 4, 0}, {0, 6, 3}};
        DType[][] types = {{DType.F32, DType.F32}, {DType.F16, DType.F16}, {DType.BF16, DType.BF16},
            {DType.F32, DType.BF16}};
        for (int[] s : sizes) {
            for (DType[] t : types) {
                boolean narrow = t[0] != DType.F32 || t[1] != DType.F32;
                cases.add(gemmCase(t[0], t[1], false, 0, s[0], s[1], s[2], false, narrow ? 1e-4 : 1e-5));
            }
            cases.add(gemmCase(DType.F32, DType.F32, true, 0, s[0], s[1], s[2], false, 5e-3));
        }
        cases.add(gemmCase(DType.F32, DType.F32, false, 3, 33, 70, 19, true, 1e-5));   // batched A, shared Bᵀ
        cases.add(gemmCase(DType.BF16, DType.BF16, false, 2, 65, 17, 40, true, 1e-4));
        cases.add(gemmCase(DType.F16, DType.F16, false, -2, 9, 130, 33, false, 1e-4)); // shared A, batched B
        cases.add(gemmCase(DType.F32, DType.F32, true, 4, 100, 80, 72, false, 5e-3));
        return cases;
    }

    /** batch > 0: A and B batched; batch < 0: only B batched (A shared); 0: no batch. */
    private static Case gemmCase(DType at, DType bt, boolean tf32, int batch, int m, int n, int k, boolean transposedB,
                                 double rtol) {
        String label = String.format(Locale.ROOT, "%s x %s%s m=%d n=%d k=%d%s%s", at, bt, tf32 ? " tf32" : "", m, n, k,
                batch == 0 ? "" : " batch=" + Math.abs(batch) + (batch < 0 ? " (shared A)" : ""),
                transposedB ? " Bᵀ" : "");
        return new Case("gemm", label, rtol, () -> {
            int nb = Math.abs(batch);
            Tensor a = batch > 0 ? randn(1, at, nb, m, k) : randn(1, at, m, k);
            int[] bShape = transposedB ? new int[] {n, k} : new int[] {k, n};
            Tensor b = batch != 0 && !(batch > 0 && transposedB) ? randn(2, bt, nb, bShape[0], bShape[1])
                    : randn(2, bt, bShape);
            int batches = Math.max(nb, 1);
            double[] expected = oracle(a.toDoubleArray(), a.rank() == 3, b.toDoubleArray(), b.rank() == 3, transposedB,
                    batches, m, n, k);
            try (DeviceArena gpu = new DeviceArena()) {
                CudaTensor c = CudaTensor.empty(gpu, DType.F32, batch == 0 ? new int[] {m, n} : new int[] {nb, m, n});
                Sgemm.matmul(CudaTensor.toDevice(a, gpu), CudaTensor.toDevice(b, gpu), transposedB, c, tf32, null);
                return new double[][] {expected, c.toHost().toDoubleArray()};
            }
        });
    }

    /** C[b] = A[b] · B[b] in double precision; B (k, n), or (n, k) when transposed. */
    static double[] oracle(double[] a, boolean aBatched, double[] b, boolean bBatched, boolean transposedB, int batch,
                           int m, int n, int k) {
        double[] c = new double[batch * m * n];
        for (int bt = 0; bt < batch; bt++) {
            int ao = aBatched ? bt * m * k : 0;
            int bo = bBatched ? bt * k * n : 0;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += a[ao + i * k + p] * b[bo + (transposedB ? j * k + p : p * n + j)];
                    }
                    c[(bt * m + i) * n + j] = s;
                }
            }
        }
        return c;
    }

    static List<Case> groupedGemm() {
        List<Case> cases = new ArrayList<>();
        cases.add(groupedCase(DType.F32, DType.F32, new int[] {2, 0, 5}, 33, 17, 1e-5));
        cases.add(groupedCase(DType.F32, DType.F32, new int[] {1}, 1, 1, 1e-5));
        cases.add(groupedCase(DType.F32, DType.F32, new int[] {70, 3, 0, 129}, 65, 40, 1e-5));
        cases.add(groupedCase(DType.BF16, DType.BF16, new int[] {5, 64, 1}, 30, 64, 1e-4));
        cases.add(groupedCase(DType.F32, DType.F16, new int[] {0, 0}, 8, 8, 1e-5));
        return cases;
    }

    private static Case groupedCase(DType xt, DType wt, int[] groups, int n, int k, double rtol) {
        return new Case("grouped_gemm", xt + " x " + wt + " groups " + Arrays.toString(groups) + " n=" + n + " k=" + k, rtol,
                () -> {
                    long[] offsets = new long[groups.length + 1];
                    for (int e = 0; e < groups.length; e++) {
                        offsets[e + 1] = offsets[e] + groups[e];
                    }
                    int tokens = (int) offsets[groups.length];
                    Tensor x = randn(3, xt, tokens, k);
                    Tensor w = randn(4, wt, groups.length, n, k);
                    double[] xv = x.toDoubleArray();
                    double[] wv = w.toDoubleArray();
                    double[] expected = new double[tokens * n];
                    for (int e = 0; e < groups.length; e++) {
                        double[] xe = Arrays.copyOfRange(xv, (int) offsets[e] * k, (int) offsets[e + 1] * k);
                        double[] we = Arrays.copyOfRange(wv, e * n * k, (e + 1) * n * k);
                        double[] ye = oracle(xe, false, we, false, true, 1, groups[e], n, k);
                        System.arraycopy(ye, 0, expected, (int) offsets[e] * n, ye.length);
                    }
                    try (DeviceArena gpu = new DeviceArena()) {
                        CudaTensor out = CudaTensor.empty(gpu, DType.F32, tokens, n);
                        GroupedGemm.run(CudaTensor.toDevice(x, gpu), CudaTensor.toDevice(w, gpu), offsets, out, null);
                        return new double[][] {expected, out.toHost().toDoubleArray()};
                    }
                });
    }

    // ---------------------------------------------------------------- attention

    static List<Case> attention() {
        List<Case> cases = new ArrayList<>();
        AttentionMask none = AttentionMask.NONE;
        cases.add(attentionCase("1 query 1 key d=1", new int[] {1, 1, 1, 1, 1, 1, 1}, b -> none));
        cases.add(attentionCase("gqa 4/2 tq=7 tk=13 causal", new int[] {2, 4, 2, 7, 13, 16, 16}, b -> none.withCausal(true)));
        cases.add(attentionCase("tq=tk=33 d=64 causal", new int[] {1, 2, 1, 33, 33, 64, 64}, b -> none.withCausal(true)));
        cases.add(attentionCase("d=128 tk=70 key padding", new int[] {2, 2, 2, 5, 70, 128, 128},
                b -> none.withKeyMask(bools(7, 0.6, b, 70))));
        cases.add(attentionCase("dv=12 != d=8 window 5 causal", new int[] {1, 1, 1, 40, 40, 8, 12},
                b -> none.withCausal(true).withWindow(5)));
        cases.add(attentionCase("window 9 not causal tq=20 tk=50", new int[] {1, 3, 3, 20, 50, 24, 24},
                b -> none.withWindow(9)));
        cases.add(attentionCase("block mask 16 tq=tk=37", new int[] {1, 2, 2, 37, 37, 32, 32},
                b -> none.withBlockMask(bools(8, 0.5, 3, 3), 16)));
        cases.add(attentionCase("all keys padded for one batch", new int[] {2, 1, 1, 3, 5, 4, 4}, b -> {
            Tensor m = Tensor.zeros(DType.BOOL, 2, 5);
            m.setDouble(1, 0, 2);
            return none.withKeyMask(m);
        }));
        cases.add(attentionCase("no keys", new int[] {1, 2, 1, 3, 0, 8, 8}, b -> none));
        cases.add(attentionCase("no queries", new int[] {1, 1, 1, 0, 4, 8, 8}, b -> none));
        cases.add(attentionCase("one new query against a cache of 100, causal", new int[] {1, 8, 2, 1, 100, 64, 64},
                b -> none.withCausal(true)));
        return cases;
    }

    /** dims: B, H, Hkv, Tq, Tk, D, Dv. */
    private static Case attentionCase(String label, int[] dims, java.util.function.IntFunction<AttentionMask> mask) {
        return new Case("attention", label, 1e-4, () -> {
            int b = dims[0];
            int h = dims[1];
            int hkv = dims[2];
            int tq = dims[3];
            int tk = dims[4];
            int d = dims[5];
            int dv = dims[6];
            Tensor q = randn(11, DType.F32, b, h, tq, d);
            Tensor k = randn(12, DType.F32, b, hkv, tk, d);
            Tensor v = randn(13, DType.F32, b, hkv, tk, dv);
            AttentionMask m = mask.apply(b);
            double scale = 1 / Math.sqrt(Math.max(d, 1));
            double[] expected = CudaParityTest.attentionReference(q, k, v, scale, m);
            try (DeviceArena gpu = new DeviceArena()) {
                CudaTensor out = CudaTensor.empty(gpu, DType.F32, b, h, tq, dv);
                FlashAttention.run(CudaTensor.toDevice(q, gpu), CudaTensor.toDevice(k, gpu), CudaTensor.toDevice(v, gpu), out,
                        scale, m, null);
                return new double[][] {expected, out.toHost().toDoubleArray()};
            }
        });
    }

    // ---------------------------------------------------------------- rows and elementwise

    private static final int[][] ROW_SHAPES = {{1}, {3, 1}, {4, 17}, {2, 3, 130}, {7, 4096}, {5, 257}, {0, 5}, {3, 0}};

    static List<Case> rows() {
        List<Case> cases = new ArrayList<>();
        for (int[] s : ROW_SHAPES) {
            cases.add(rowCase("softmax", s, false, false, false));
            cases.add(rowCase("layer_norm", s, true, true, false));
            cases.add(rowCase("layer_norm", s, false, false, false));
            cases.add(rowCase("rms_norm", s, true, false, false));
            cases.add(rowCase("rms_norm", s, false, false, false));
        }
        cases.add(rowCase("softmax", new int[] {4, 33}, false, false, true));
        cases.add(rowCase("layer_norm", new int[] {6, 100}, true, false, true));
        return cases;
    }

    private static Case rowCase(String kernel, int[] shape, boolean weight, boolean bias, boolean inPlace) {
        String label = Arrays.toString(shape) + (weight ? " weight" : "") + (bias ? " bias" : "") + (inPlace ? " in place" : "");
        double rtol = kernel.equals("softmax") ? 1e-5 : 1e-4;
        return new Case(kernel, label, rtol, () -> {
            Tensor x = randn(21, DType.F32, shape);
            int cols = shape[shape.length - 1];
            Tensor w = weight ? randn(22, DType.F32, cols) : null;
            Tensor b = bias ? randn(23, DType.F32, cols) : null;
            double eps = 1e-5;
            double[] expected = CudaParityTest.rowsReference(kernel, x, w, b, eps);
            try (DeviceArena gpu = new DeviceArena()) {
                CudaTensor dx = CudaTensor.toDevice(x, gpu);
                CudaTensor out = inPlace ? dx : CudaTensor.empty(gpu, DType.F32, shape);
                CudaTensor dw = w == null ? null : CudaTensor.toDevice(w, gpu);
                CudaTensor db = b == null ? null : CudaTensor.toDevice(b, gpu);
                switch (kernel) {
                    case "softmax" -> Rows.softmax(dx, out, null);
                    case "layer_norm" -> Rows.layerNorm(dx, dw, db, eps, out, null);
                    default -> Rows.rmsNorm(dx, dw, eps, out, null);
                }
                return new double[][] {expected, out.toHost().toDoubleArray()};
            }
        });
    }

    static List<Case> elementwise() {
        List<Case> cases = new ArrayList<>();
        int[][] shapes = {{1}, {1000}, {3, 257}, {0}, {70000}};
        for (int[] s : shapes) {
            for (String op : List.of("add", "mul")) {
                cases.add(new Case(op, Arrays.toString(s), 1e-6, () -> {
                    Tensor x = randn(31, DType.F32, s);
                    Tensor y = randn(32, DType.F32, s);
                    double[] expected = (op.equals("add") ? f64(x).add(f64(y)) : f64(x).mul(f64(y))).toDoubleArray();
                    try (DeviceArena gpu = new DeviceArena()) {
                        CudaTensor dx = CudaTensor.toDevice(x, gpu);
                        CudaTensor dy = CudaTensor.toDevice(y, gpu);
                        if (op.equals("add")) {
                            Elementwise.add(dx, dy, dx, null);
                        } else {
                            Elementwise.mul(dx, dy, dx, null);
                        }
                        return new double[][] {expected, dx.toHost().toDoubleArray()};
                    }
                }));
            }
            for (ActivationSpec.Kind kind : ActivationSpec.Kind.values()) {
                cases.add(new Case("activation", kind.name().toLowerCase(Locale.ROOT) + " " + Arrays.toString(s), 1e-5, () -> {
                    Tensor x = randn(33, DType.F32, s).mul(3.0);
                    double[] expected = CudaParityTest.activationReference(kind, x);
                    try (DeviceArena gpu = new DeviceArena()) {
                        CudaTensor out = CudaTensor.empty(gpu, DType.F32, s);
                        Elementwise.activation(kind, CudaTensor.toDevice(x, gpu), out, null);
                        return new double[][] {expected, out.toHost().toDoubleArray()};
                    }
                }));
            }
        }
        return cases;
    }

    // ---------------------------------------------------------------- selective scan

    static List<Case> selectiveScan() {
        List<Case> cases = new ArrayList<>();
        cases.add(scanCase(new int[] {1, 1, 1, 1}, false, false));
        cases.add(scanCase(new int[] {2, 5, 17, 16}, true, false));
        cases.add(scanCase(new int[] {1, 3, 70, 33}, true, true));
        cases.add(scanCase(new int[] {2, 2, 0, 4}, true, false));
        cases.add(scanCase(new int[] {1, 2, 9, 256}, false, true));
        cases.add(scanCase(new int[] {3, 7, 40, 64}, true, true));
        return cases;
    }

    /** dims: B, C, L, N; everything optional given when {@code full}; the state carried over in place when {@code inPlace}. */
    private static Case scanCase(int[] dims, boolean full, boolean inPlace) {
        String label = Arrays.toString(dims) + (full ? " D z bias softplus initial state" : "") + (inPlace ? " state in place" : "");
        return new Case("selective_scan", label, 1e-4, () -> {
            int b = dims[0];
            int c = dims[1];
            int l = dims[2];
            int n = dims[3];
            Tensor u = randn(41, DType.F32, b, c, l);
            Tensor delta = randn(42, DType.F32, b, c, l).mul(0.5);
            Tensor a = randn(43, DType.F32, c, n).abs().neg();
            Tensor bb = randn(44, DType.F32, b, n, l);
            Tensor cc = randn(45, DType.F32, b, n, l);
            Tensor d = full ? randn(46, DType.F32, c) : null;
            Tensor z = full ? randn(47, DType.F32, b, c, l) : null;
            Tensor bias = full ? randn(48, DType.F32, c).mul(0.1) : null;
            Tensor init = full || inPlace ? randn(49, DType.F32, b, c, n) : null;
            boolean softplus = full;
            if (!softplus) {
                delta = delta.abs();
            }
            dev.gatun.tensor.SelectiveScan.Result ref = dev.gatun.tensor.SelectiveScan.reference(f64(u), f64(delta), f64(a),
                    f64(bb), f64(cc), f64(d), f64(z), f64(bias), softplus, f64(init));
            double[] expected = cat(ref.out().toDoubleArray(), ref.lastState().toDoubleArray());
            try (DeviceArena gpu = new DeviceArena()) {
                CudaTensor dInit = init == null ? null : CudaTensor.toDevice(init, gpu);
                CudaTensor out = CudaTensor.empty(gpu, DType.F32, b, c, l);
                CudaTensor last = inPlace ? dInit : CudaTensor.empty(gpu, DType.F32, b, c, n);
                SelectiveScan.run(CudaTensor.toDevice(u, gpu), CudaTensor.toDevice(delta, gpu), CudaTensor.toDevice(a, gpu),
                        CudaTensor.toDevice(bb, gpu), CudaTensor.toDevice(cc, gpu), dev(d, gpu), dev(z, gpu), dev(bias, gpu),
                        softplus, dInit, out, last, null);
                return new double[][] {expected, cat(out.toHost().toDoubleArray(), last.toHost().toDoubleArray())};
            }
        });
    }

    private static CudaTensor dev(Tensor t, DeviceArena gpu) {
        return t == null ? null : CudaTensor.toDevice(t, gpu);
    }
}
