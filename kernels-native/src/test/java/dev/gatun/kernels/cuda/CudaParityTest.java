package dev.gatun.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatun.tensor.Attention;
import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CUDA kernel against Gatun's Java references (or plain double-precision loops) on random inputs of
 * awkward shapes: single elements, odd sizes, sizes that are not multiples of the tiles (64 for products,
 * 32 keys for attention, 32 lanes for the scan), empty tensors, masks of every kind. Each case needs a GPU
 * and is skipped with the runtime's reason without one; {@link HostCases} adds the backend's host-tensor
 * path. Tolerance: |actual − expected| <= rtol · (|expected| + rms(expected)), rtol by kernel and dtype.
 */
class CudaParityTest {
    /** One parity case: {@code run} returns {expected, actual}. */
    record Case(String kernel, String label, double rtol, Supplier<double[][]> run) {
        @Override
        public String toString() {
            return kernel + " " + label;
        }
    }

    static List<Case> cases() {
        List<Case> all = new ArrayList<>();
        all.addAll(DeviceCases.gemm());
        all.addAll(DeviceCases.groupedGemm());
        all.addAll(DeviceCases.attention());
        all.addAll(DeviceCases.rows());
        all.addAll(DeviceCases.elementwise());
        all.addAll(DeviceCases.selectiveScan());
        all.addAll(HostCases.all());
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesTheReference(Case c) {
        CudaTesting.assumeDevice();
        double[][] r = c.run().get();
        assertClose(c, r[0], r[1]);
    }

    @Test
    void everyKernelHasCases() {
        Set<String> kernels = cases().stream().map(Case::kernel).collect(Collectors.toCollection(TreeSet::new));
        for (String k : List.of("gemm", "gemm (host)", "grouped_gemm", "attention", "softmax", "layer_norm", "rms_norm",
                "add", "mul", "activation", "selective_scan", "softmax (host)", "attention (host)", "selective_scan (host)")) {
            assertTrue(kernels.contains(k), k + " has no parity case: " + kernels);
        }
    }

    static void assertClose(Case c, double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "number of output elements of " + c);
        double sq = 0;
        for (double e : expected) {
            sq += e * e;
        }
        double rms = expected.length == 0 ? 0 : Math.sqrt(sq / expected.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = c.rtol() * (Math.abs(expected[i]) + rms) + 1e-30;
            if (!(Math.abs(actual[i] - expected[i]) <= tol)) {
                fail(c + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (tolerance " + tol + ")");
            }
        }
    }

    // ---------------------------------------------------------------- shared helpers

    static Tensor randn(long seed, DType type, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), type, shape);
    }

    static Tensor f64(Tensor t) {
        return t == null ? null : t.to(DType.F64);
    }

    /** A random BOOL tensor, true with probability {@code p}. */
    static Tensor bools(long seed, double p, int... shape) {
        SplittableRandom rng = new SplittableRandom(seed);
        Tensor t = Tensor.zeros(DType.BOOL, shape);
        int rows = shape[0];
        int cols = shape[1];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t.setDouble(rng.nextDouble() < p ? 1 : 0, i, j);
            }
        }
        return t;
    }

    static double[] cat(double[] a, double[] b) {
        double[] r = new double[a.length + b.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** The reference of every attention case: {@link Attention#scaledDotProduct} in double precision. */
    static double[] attentionReference(Tensor q, Tensor k, Tensor v, double scale, AttentionMask mask) {
        return Attention.scaledDotProduct(f64(q), f64(k), f64(v), scale, mask).toDoubleArray();
    }

    /** The references of the row kernels, in double precision (empty tensors give nothing). */
    static double[] rowsReference(String kernel, Tensor x, Tensor w, Tensor b, double eps) {
        if (x.numel() == 0) {
            return new double[0];
        }
        Tensor y = switch (kernel) {
            case "softmax" -> Functional.softmax(f64(x), -1);
            case "layer_norm" -> Functional.layerNorm(f64(x), 1, f64(w), f64(b), eps);
            default -> Functional.rmsNorm(f64(x), f64(w), eps);
        };
        return y.toDoubleArray();
    }

    static double[] activationReference(ActivationSpec.Kind kind, Tensor x) {
        Tensor x64 = f64(x);
        Tensor y = switch (kind) {
            case GELU -> Functional.gelu(x64);
            case GELU_TANH -> Functional.geluTanh(x64);
            case SILU -> Functional.silu(x64);
        };
        return y.toDoubleArray();
    }
}
