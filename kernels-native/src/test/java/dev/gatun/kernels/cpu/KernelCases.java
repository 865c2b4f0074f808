package dev.gatun.kernels.cpu;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Quantized;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.backend.QuantMatVecSpec;
import dev.gatun.tensor.backend.RmsNormSpec;
import dev.gatun.tensor.backend.RopeSpec;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.backend.SoftmaxSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/** Fused-kernel cases of the parity suite: awkward shapes, views, masks and options of every kernel. */
final class KernelCases {
    private KernelCases() {
    }

    static List<ParityCase> all() {
        List<ParityCase> cases = new ArrayList<>();
        cases.addAll(softmax());
        cases.addAll(norms());
        cases.addAll(activations());
        cases.addAll(rope());
        cases.addAll(attention());
        cases.addAll(selectiveScan());
        cases.addAll(quantMatVec());
        return cases;
    }

    /** The kernel name a spec class reports, without building one: {@code SelectiveScanSpec} is selective_scan. */
    static String kernelName(Class<?> spec) {
        String simple = spec.getSimpleName().replace("Spec", "");
        return switch (simple) {
            case "QuantMatVec" -> "quant_matvec";
            default -> simple.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
        };
    }

    static Tensor randn(long seed, DType type, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), type, shape);
    }

    static Tensor nanLike(Tensor t) {
        return Tensor.full(DType.F32, Double.NaN, t.shape());
    }

    static double[] values(Tensor t) {
        return t == null ? null : t.toDoubleArray();
    }

    static String shape(Tensor t) {
        return Arrays.toString(t.shape());
    }

    // ---------------------------------------------------------------- row kernels

    /** x as a function of the seed, with a label saying its shape and how it was made. */
    private record Input(String label, Function<Long, Tensor> make, boolean nativeExpected) {
    }

    private static List<Input> rowInputs() {
        return List.of(
                new Input("[1]", s -> randn(s, DType.F32, 1), true),
                new Input("[3, 1]", s -> randn(s, DType.F32, 3, 1), true),
                new Input("[4, 17]", s -> randn(s, DType.F32, 4, 17), true),
                new Input("[2, 3, 130]", s -> randn(s, DType.F32, 2, 3, 130), true),
                new Input("[7, 4096]", s -> randn(s, DType.F32, 7, 4096), true),
                new Input("[6, 7] transposed view", s -> randn(s, DType.F32, 7, 6).mT(), true),
                new Input("[2, 3, 4] uncollapsible view", s -> randn(s, DType.F32, 3, 2, 4).transpose(0, 1), false),
                new Input("[0, 5]", s -> randn(s, DType.F32, 0, 5), true),
                new Input("[3, 0]", s -> randn(s, DType.F32, 3, 0), true),
                new Input("[4, 17] bf16", s -> randn(s, DType.BF16, 4, 17), false));
    }

    private static List<ParityCase> softmax() {
        List<ParityCase> cases = new ArrayList<>();
        for (Input in : rowInputs()) {
            cases.add(new ParityCase("softmax", dtype(in), in.label, in.nativeExpected, tolerance(in, 1e-5), () -> {
                Tensor x = in.make.apply(1L).mul(3.0);
                Tensor out = Tensor.zeros(x.dtype(), x.shape()).fill_(Double.NaN);
                double[] exp = Oracles.softmax(values(x), x.rank() == 0 ? 1 : x.size(-1));
                return new ParityCase.Spec(new SoftmaxSpec(x, out), List.of(out), exp);
            }));
        }
        cases.add(new ParityCase("softmax", "f32", "[5, 9] with -inf", true, 1e-5, () -> {
            Tensor x = randn(2, DType.F32, 5, 9);
            x.setDouble(Double.NEGATIVE_INFINITY, 0, 0);
            x.setDouble(Double.NEGATIVE_INFINITY, 3, 8);
            Tensor out = nanLike(x);
            return new ParityCase.Spec(new SoftmaxSpec(x, out), List.of(out), Oracles.softmax(values(x), 9));
        }));
        cases.add(new ParityCase("softmax", "f32", "[4, 33] in place", true, 1e-5, () -> {
            Tensor x = randn(3, DType.F32, 4, 33);
            double[] exp = Oracles.softmax(values(x), 33);
            return new ParityCase.Spec(new SoftmaxSpec(x, x), List.of(x), exp);
        }));
        return cases;
    }

    private static String dtype(Input in) {
        return in.label.endsWith("bf16") ? "bf16" : "f32";
    }

    /** {@code f32} for F32 inputs; BF16 ops round every intermediate to 8 bits of mantissa. */
    private static double tolerance(Input in, double f32) {
        return in.label.endsWith("bf16") ? 3e-2 : f32;
    }

    private static List<ParityCase> norms() {
        List<ParityCase> cases = new ArrayList<>();
        for (Input in : rowInputs()) {
            if (in.label.startsWith("[3, 0]")) {
                continue; // normalising zero elements divides by zero in every implementation
            }
            for (boolean params : List.of(false, true)) {
                String label = in.label + (params ? " weight+bias" : "");
                cases.add(new ParityCase("layer_norm", dtype(in), label, in.nativeExpected, tolerance(in, 1e-4), () -> {
                    Tensor x = in.make.apply(4L).add(0.5);
                    int c = x.size(-1);
                    Tensor w = params ? randn(5, x.dtype(), c) : null;
                    Tensor b = params ? randn(6, x.dtype(), c) : null;
                    Tensor out = Tensor.zeros(x.dtype(), x.shape()).fill_(Double.NaN);
                    double[] exp = Oracles.layerNorm(values(x), c, values(w), values(b), 1e-5);
                    return new ParityCase.Spec(new LayerNormSpec(x, w, b, 1e-5, out), List.of(out), exp);
                }));
                cases.add(new ParityCase("rms_norm", dtype(in), in.label + (params ? " weight" : ""), in.nativeExpected,
                        tolerance(in, 1e-4), () -> {
                    Tensor x = in.make.apply(7L);
                    int c = x.size(-1);
                    Tensor w = params ? randn(8, x.dtype(), c) : null;
                    Tensor out = Tensor.zeros(x.dtype(), x.shape()).fill_(Double.NaN);
                    double[] exp = Oracles.rmsNorm(values(x), c, values(w), 1e-6);
                    return new ParityCase.Spec(new RmsNormSpec(x, w, 1e-6, out), List.of(out), exp);
                }));
            }
        }
        cases.add(new ParityCase("layer_norm", "f32", "[3, 40] strided weight", true, 1e-4, () -> {
            Tensor x = randn(9, DType.F32, 3, 40);
            Tensor w = randn(10, DType.F32, 80).slice(0, 0, 80, 2);
            Tensor out = nanLike(x);
            double[] exp = Oracles.layerNorm(values(x), 40, values(w), null, 1e-5);
            return new ParityCase.Spec(new LayerNormSpec(x, w, null, 1e-5, out), List.of(out), exp);
        }));
        return cases;
    }

    private static List<ParityCase> activations() {
        List<ParityCase> cases = new ArrayList<>();
        List<Input> inputs = new ArrayList<>(List.of(
                new Input("[]", s -> Tensor.scalar(DType.F32, 0.7), true),
                new Input("[0]", s -> randn(s, DType.F32, 0), true),
                new Input("[7, 13]", s -> randn(s, DType.F32, 7, 13).mul(4.0), true),
                new Input("[3, 5000]", s -> randn(s, DType.F32, 3, 5000).mul(4.0), true),
                new Input("[7, 13] transposed view", s -> randn(s, DType.F32, 13, 7).mul(4.0).mT(), true),
                new Input("[9] tails", s -> Tensor.of(new float[] {-30, -10, -3, -1e-3f, 0, 1e-3f, 3, 10, 30}), true),
                new Input("[4, 9] bf16", s -> randn(s, DType.BF16, 4, 9), false)));
        for (ActivationSpec.Kind kind : ActivationSpec.Kind.values()) {
            for (Input in : inputs) {
                cases.add(new ParityCase("activation", dtype(in), kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                        + in.label, in.nativeExpected, tolerance(in, 2e-5), () -> {
                    Tensor x = in.make.apply(12L);
                    Tensor out = Tensor.zeros(x.dtype(), x.shape()).fill_(Double.NaN);
                    double[] xs = values(x);
                    double[] exp = new double[xs.length];
                    for (int i = 0; i < xs.length; i++) {
                        exp[i] = switch (kind) {
                            case GELU -> Oracles.gelu(xs[i]);
                            case GELU_TANH -> Oracles.geluTanh(xs[i]);
                            case SILU -> Oracles.silu(xs[i]);
                        };
                    }
                    return new ParityCase.Spec(new ActivationSpec(kind, x, out), List.of(out), exp);
                }));
            }
        }
        return cases;
    }

    // ---------------------------------------------------------------- rope

    private static ParityCase rope(String label, int b, int h, int t, int d, int half, int positions,
                                   boolean permuted, boolean inPlace, DType posType) {
        return new ParityCase("rope", "f32", label, true, 1e-5, () -> {
            Tensor x = permuted ? randn(13, DType.F32, b, t, h, d).transpose(1, 2) : randn(13, DType.F32, b, h, t, d);
            Tensor cos = randn(14, DType.F32, positions, half);
            Tensor sin = randn(15, DType.F32, positions, half);
            SplittableRandom rng = new SplittableRandom(16);
            int[] posShape = posType == DType.I32 ? new int[] {t} : new int[] {b, t};
            Tensor pos = Tensor.zeros(posType, posShape);
            for (int i = 0; i < pos.numel(); i++) {
                long v = rng.nextInt(positions);
                if (posType == DType.I32) {
                    pos.setDouble(v, i);
                } else {
                    pos.setDouble(v, i / t, i % t);
                }
            }
            double[] exp = Oracles.rope(x, cos, sin, pos);
            Tensor out = inPlace ? x : nanLike(x);
            return new ParityCase.Spec(new RopeSpec(x, cos, sin, pos, out), List.of(out), exp);
        });
    }

    private static List<ParityCase> rope() {
        return List.of(
                rope("[1, 1, 1, 2]", 1, 1, 1, 2, 1, 1, false, false, DType.I64),
                rope("[2, 3, 5, 8]", 2, 3, 5, 8, 4, 16, false, false, DType.I64),
                rope("[2, 3, 5, 10] partial rotary", 2, 3, 5, 10, 3, 16, false, false, DType.I64),
                rope("[2, 4, 6, 64] from (B, T, H, D)", 2, 4, 6, 64, 32, 64, true, false, DType.I64),
                rope("[1, 2, 7, 16] in place", 1, 2, 7, 16, 8, 32, false, true, DType.I64),
                rope("[1, 2, 3, 8] i32 positions (T)", 1, 2, 3, 8, 4, 8, false, false, DType.I32),
                rope("[0, 2, 3, 8]", 0, 2, 3, 8, 4, 8, false, false, DType.I64));
    }

    // ---------------------------------------------------------------- attention

    /** (B, H, Hkv, Tq, Tk, D, Dv) and masks; {@code masks} builds the mask from (B, Tq, Tk). */
    private static ParityCase attention(String label, int b, int h, int hkv, int tq, int tk, int d, int dv,
                                        boolean permuted, MaskMaker masks) {
        return attention(label, b, h, hkv, tq, tk, d, dv, permuted, false, masks);
    }

    /** {@code keysByColumn}: k stored (B, Hkv, D, Tk) and viewed transposed, so D is not its unit stride. */
    private static ParityCase attention(String label, int b, int h, int hkv, int tq, int tk, int d, int dv,
                                        boolean permuted, boolean keysByColumn, MaskMaker masks) {
        return new ParityCase("attention", "f32", label, true, 1e-4, () -> {
            Tensor q = permuted ? randn(20, DType.F32, b, tq, h, d).transpose(1, 2) : randn(20, DType.F32, b, h, tq, d);
            Tensor k = keysByColumn ? randn(21, DType.F32, b, hkv, d, tk).transpose(2, 3) : randn(21, DType.F32, b, hkv, tk, d);
            Tensor v = permuted ? randn(22, DType.F32, b, tk, hkv, dv).transpose(1, 2) : randn(22, DType.F32, b, hkv, tk, dv);
            AttentionMask mask = masks.make(b, tq, tk);
            double scale = 1 / Math.sqrt(Math.max(d, 1));
            double[] exp = Oracles.attention(q, k, v, scale, mask);
            Tensor out = Tensor.full(DType.F32, Double.NaN, b, h, tq, dv);
            return new ParityCase.Spec(new AttentionSpec(q, k, v, out, scale, mask), List.of(out), exp);
        });
    }

    @FunctionalInterface
    private interface MaskMaker {
        AttentionMask make(int batch, int tq, int tk);
    }

    private static Tensor bools(long seed, double pTrue, int... shape) {
        return Tensor.rand(new SplittableRandom(seed), DType.F32, shape).lt(pTrue);
    }

    private static List<ParityCase> attention() {
        MaskMaker none = (b, tq, tk) -> AttentionMask.NONE;
        MaskMaker causal = (b, tq, tk) -> AttentionMask.NONE.withCausal(true);
        return List.of(
                attention("[1, 1, 1, 1, 1, 1]", 1, 1, 1, 1, 1, 1, 1, false, none),
                attention("q [1, 2, 33, 16] k [1, 2, 33, 16]", 1, 2, 2, 33, 33, 16, 16, false, none),
                attention("q [2, 4, 5, 8] k [2, 2, 70, 8] causal gqa", 2, 4, 2, 5, 70, 8, 8, false, causal),
                attention("q [1, 2, 70, 12] k [1, 2, 70, 12] v dim 20 causal", 1, 2, 2, 70, 70, 12, 20, false, causal),
                attention("q [1, 2, 40, 12] k [1, 1, 65, 12] window 7 causal", 1, 2, 1, 40, 65, 12, 12, false,
                        (b, tq, tk) -> AttentionMask.NONE.withCausal(true).withWindow(7)),
                attention("q [1, 1, 30, 8] k [1, 1, 30, 8] window 5", 1, 1, 1, 30, 30, 8, 8, false,
                        (b, tq, tk) -> AttentionMask.NONE.withWindow(5)),
                attention("q [3, 2, 9, 8] k [3, 2, 130, 8] key mask", 3, 2, 2, 9, 130, 8, 8, false,
                        (b, tq, tk) -> AttentionMask.NONE.withKeyMask(bools(23, 0.6, b, tk))),
                attention("q [1, 2, 40, 8] k [1, 2, 50, 8] block mask 16", 1, 2, 2, 40, 50, 8, 8, false,
                        (b, tq, tk) -> AttentionMask.NONE.withBlockMask(bools(24, 0.5, 3, 4), 16)),
                attention("q [2, 2, 70, 8] k [2, 2, 70, 8] everything", 2, 2, 2, 70, 70, 8, 8, false,
                        (b, tq, tk) -> AttentionMask.NONE.withCausal(true).withWindow(40)
                                .withKeyMask(bools(25, 0.8, b, tk)).withBlockMask(bools(26, 0.7, 5, 5), 16)),
                attention("q [1, 2, 3, 8] all keys masked", 1, 2, 2, 3, 10, 8, 8, false,
                        (b, tq, tk) -> AttentionMask.NONE.withKeyMask(bools(27, 0.0, b, tk))),
                attention("q [2, 3, 6, 64] from (B, T, H, D)", 2, 3, 3, 6, 6, 64, 64, true, causal),
                attention("decode q [2, 8, 1, 64] k [2, 2, 130, 64] causal key mask", 2, 8, 2, 1, 130, 64, 64, false,
                        (b, tq, tk) -> AttentionMask.NONE.withCausal(true).withKeyMask(bools(28, 0.7, b, tk))),
                attention("decode q [1, 8, 1, 16] k [1, 1, 40, 16] one group of 8", 1, 8, 1, 1, 40, 16, 16, false,
                        causal),
                attention("q [1, 8, 10, 16] k [1, 1, 40, 16] group split in two blocks", 1, 8, 1, 10, 40, 16, 16, false,
                        causal),
                attention("q [1, 2, 3, 20] k [1, 2, 77, 20] window 9", 1, 2, 2, 3, 77, 20, 24, false,
                        (b, tq, tk) -> AttentionMask.NONE.withCausal(true).withWindow(9)),
                attention("q [1, 2, 2, 16] keys stored by column", 1, 2, 1, 2, 70, 16, 16, false, true, none),
                attention("q [1, 2, 50, 16] keys stored by column", 1, 2, 1, 50, 70, 16, 16, false, true, causal),
                attention("q [1, 1, 100, 5] k [1, 1, 100, 5] v dim 3", 1, 1, 1, 100, 100, 5, 3, false, causal),
                attention("q [1, 2, 0, 8]", 1, 2, 2, 0, 5, 8, 8, false, none),
                attention("q [1, 2, 4, 8] k [1, 2, 0, 8]", 1, 2, 2, 4, 0, 8, 8, false, none));
    }

    // ---------------------------------------------------------------- selective scan

    private static ParityCase scan(String label, int b, int c, int l, int n, boolean options) {
        return new ParityCase("selective_scan", "f32", label, true, 1e-4, () -> {
            Tensor u = randn(30, DType.F32, b, c, l);
            Tensor delta = randn(31, DType.F32, b, c, l).mul(0.5);
            Tensor a = randn(32, DType.F32, c, n).abs().neg();
            Tensor bm = randn(33, DType.F32, b, n, l);
            Tensor cm = randn(34, DType.F32, b, n, l);
            Tensor d = options ? randn(35, DType.F32, c) : null;
            Tensor z = options ? randn(36, DType.F32, b, c, l) : null;
            Tensor bias = options ? randn(37, DType.F32, c) : null;
            Tensor init = options ? randn(38, DType.F32, b, c, n) : null;
            if (!options) {
                delta = delta.abs(); // without softplus, keep dt positive as Mamba does
            }
            double[] exp = Oracles.selectiveScan(u, delta, a, bm, cm, d, z, bias, options, init);
            Tensor out = Tensor.full(DType.F32, Double.NaN, b, c, l);
            Tensor last = Tensor.full(DType.F32, Double.NaN, b, c, n);
            SelectiveScanSpec spec = new SelectiveScanSpec(u, delta, a, bm, cm, d, z, bias, options, init, out, last);
            return new ParityCase.Spec(spec, List.of(out, last), exp);
        });
    }

    private static List<ParityCase> selectiveScan() {
        return List.of(
                scan("[1, 1, 1] state 1", 1, 1, 1, 1, false),
                scan("[2, 3, 7] state 4 all options", 2, 3, 7, 4, true),
                scan("[1, 5, 33] state 16", 1, 5, 33, 16, false),
                scan("[2, 4, 65] state 16 all options", 2, 4, 65, 16, true),
                scan("[1, 3, 0] state 4 all options", 1, 3, 0, 4, true));
    }

    // ---------------------------------------------------------------- quantized

    private static ParityCase quant(Quantized.Format f, int m, int n, int k, boolean transposedX) {
        String label = "x [" + m + ", " + k + "] W [" + n + ", " + k + "]" + (transposedX ? " transposed x" : "");
        return new ParityCase("quant_matvec", f.name().toLowerCase(java.util.Locale.ROOT), label, true, 1e-5, () -> {
            Quantized w = Quantized.quantize(f, randn(40, DType.F32, n, k));
            Tensor x = transposedX ? randn(41, DType.F32, k, m).mT() : randn(41, DType.F32, m, k);
            Tensor dq = w.dequantize();
            double[] exp = new double[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += x.getDouble(i, p) * dq.getDouble(j, p);
                    }
                    exp[i * n + j] = acc;
                }
            }
            Tensor out = Tensor.full(DType.F32, Double.NaN, m, n);
            return new ParityCase.Spec(new QuantMatVecSpec(w, x, out), List.of(out), exp);
        });
    }

    private static List<ParityCase> quantMatVec() {
        List<ParityCase> cases = new ArrayList<>();
        for (Quantized.Format f : Quantized.Format.values()) {
            cases.add(quant(f, 1, 1, 32, false));
            cases.add(quant(f, 1, 33, 64, false));
            cases.add(quant(f, 3, 17, 96, false));
            cases.add(quant(f, 2, 9, 64, true));
            cases.add(quant(f, 1, 0, 32, false));
        }
        return cases;
    }
}
