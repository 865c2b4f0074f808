package dev.gatun.tensor;

import static dev.gatun.tensor.Samples.assertClose;
import static dev.gatun.tensor.Samples.assertType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Reference.Nd;
import dev.gatun.tensor.Samples.Layout;
import dev.gatun.tensor.Samples.Sample;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Forward values of the composed neural-network functions against formulas written out in double
 * precision: softmax, log-softmax, layer and RMS norm, GELU (both forms), SiLU, softplus, ELU,
 * cross-entropy (PyTorch's semantics for ignore_index and label smoothing), MSE and dropout.
 */
class FunctionalForwardProperties {

    @Property(tries = 40)
    void softmaxAndLogSoftmax(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 3000);
        int dim = rng.nextInt(shape.length) - (rng.nextBoolean() ? shape.length : 0);
        DType dtype = rng.nextInt(4) == 0 ? DType.F64 : DType.F32;
        double scale = rng.nextBoolean() ? 5 : 1000; // large logits must not overflow
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -scale, scale);
        String what = dtype + " " + Arrays.toString(shape) + " along " + dim + " scale " + scale;
        Tensor p = x.tensor().softmax(dim);
        assertClose(Reference.softmax(x.ref(), dim), p, 1e-5, 1e-7, "softmax " + what);
        Nd rowSums = Reference.sum(new Nd(shape, p.toDoubleArray()), new int[] {dim}, false);
        for (double s : rowSums.data()) {
            assertEquals(1.0, s, 1e-5, "softmax rows sum to 1: " + what);
        }
        Tensor logp = x.tensor().logSoftmax(dim);
        assertClose(Reference.logSoftmax(x.ref(), dim), logp, 1e-6, 1e-5, "logSoftmax " + what);
    }

    @Example
    void softmaxOfExtremeLogits() {
        Tensor x = Tensor.of(new float[] {1000, 1000, -1000, 0, 88, 89, Float.NEGATIVE_INFINITY, 0}, 4, 2);
        assertClose(Reference.nd(new double[] {0.5, 0.5, 0, 1, 1 / (1 + Math.E), Math.E / (1 + Math.E), 0, 1}, 4, 2),
                x.softmax(1), 1e-6, 1e-7, "softmax");
        assertClose(Reference.nd(new double[] {-Math.log(2), -Math.log(2), -1000, 0, -Math.log1p(Math.E),
            -Math.log1p(1 / Math.E), Double.NEGATIVE_INFINITY, 0}, 4, 2), x.logSoftmax(1), 1e-6, 1e-6, "logSoftmax");
    }

    @Property(tries = 30)
    void layerNormAndRmsNorm(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 3000);
        int normalized = 1 + rng.nextInt(shape.length);
        int[] dims = new int[normalized];
        int[] tail = Arrays.copyOfRange(shape, shape.length - normalized, shape.length);
        for (int i = 0; i < normalized; i++) {
            dims[i] = shape.length - normalized + i;
        }
        // Not EXPANDED: a row of equal values has variance 0, and its normalised values are rounding noise.
        Layout layout = Samples.layout(rng);
        Sample x = Samples.uniform(rng, DType.F32, layout == Layout.EXPANDED ? Layout.STEPPED : layout, shape, -3, 5);
        Sample w = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, tail, 0.5, 2);
        Sample b = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, tail, -1, 1);
        double eps = 1e-5;
        Nd mean = Reference.mean(x.ref(), dims, true);
        Nd var = Reference.var(x.ref(), dims, 0, true);
        Nd normed = Reference.zip(Reference.zip(x.ref(), mean, (v, m) -> v - m), var, (c, v) -> c / Math.sqrt(v + eps));
        Nd expected = Reference.zip(Reference.zip(normed, w.ref(), (v, g) -> v * g), b.ref(), Double::sum);
        String what = Arrays.toString(shape) + " over the last " + normalized;
        assertClose(expected, Functional.layerNorm(x.tensor(), normalized, w.tensor(), b.tensor(), eps), 1e-4, 1e-4,
                "layerNorm " + what);
        assertClose(normed, Functional.layerNorm(x.tensor(), normalized, null, null, eps), 1e-4, 1e-4,
                "layerNorm without affine " + what);

        int last = shape[shape.length - 1];
        Sample g = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {last}, 0.5, 2);
        Nd ms = Reference.mean(Reference.map(x.ref(), v -> v * v), new int[] {-1}, true);
        Nd rms = Reference.zip(Reference.zip(x.ref(), ms, (v, m) -> v / Math.sqrt(m + 1e-6)), g.ref(), (v, s) -> v * s);
        assertClose(rms, Functional.rmsNorm(x.tensor(), g.tensor(), 1e-6), 1e-5, 1e-5, "rmsNorm " + what);
    }

    @Property(tries = 30)
    void activations(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, rng.nextInt(3), 3000);
        DType dtype = rng.nextInt(3) == 0 ? DType.F64 : DType.F32;
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -8, 8);
        String what = dtype + " " + Arrays.toString(shape);
        double rel = dtype == DType.F64 ? 1e-12 : 2e-6;
        double abs = dtype == DType.F64 ? 1e-13 : 4e-7;
        assertClose(Reference.map(x.ref(), v -> v / 2 * (1 + Reference.erf(v / Math.sqrt(2)))),
                Functional.gelu(x.tensor()), rel, abs * 8, "gelu " + what);
        double c = Math.sqrt(2 / Math.PI);
        assertClose(Reference.map(x.ref(), v -> v / 2 * (1 + Math.tanh(c * (v + 0.044715 * v * v * v)))),
                Functional.geluTanh(x.tensor()), rel, abs, "geluTanh " + what);
        assertClose(Reference.map(x.ref(), v -> v / (1 + Math.exp(-v))), Functional.silu(x.tensor()), rel, abs,
                "silu " + what);
        assertClose(Reference.map(x.ref(), v -> Math.log1p(Math.exp(1.5 * v)) / 1.5), Functional.softplus(x.tensor(), 1.5),
                rel, abs, "softplus " + what);
        assertClose(Reference.map(x.ref(), v -> v > 0 ? v : 0.7 * Math.expm1(v)), Functional.elu(x.tensor(), 0.7), rel,
                abs, "elu " + what);
    }

    @Example
    void softplusOfLargeInputsDoesNotOverflow() {
        Tensor x = Tensor.of(new float[] {1000, 100, 89, -1000, 0});
        assertClose(Reference.nd(new double[] {1000, 100, 89, 0, Math.log(2)}, 5), Functional.softplus(x, 1), 1e-6, 1e-7,
                "softplus");
        assertClose(Reference.nd(new double[] {1000, 100, 89, 0, Math.log(2) / 2}, 5), Functional.softplus(x, 2), 1e-6,
                1e-7, "softplus beta 2");
        assertClose(Reference.nd(new double[] {1000, 100, 89, -1000 * 0.5 * (1 + Reference.erf(-1000 / Math.sqrt(2))), 0},
                5), Functional.gelu(x), 1e-6, 1e-7, "gelu of large inputs");
    }

    // ---------------------------------------------------------------- losses

    /** PyTorch's cross-entropy for one position: nll mixed with the mean over classes, 0 where ignored. */
    private static double crossEntropy(double[] logits, long target, double smoothing) {
        double m = Arrays.stream(logits).max().orElseThrow();
        double lse = m + Math.log(Arrays.stream(logits).map(v -> Math.exp(v - m)).sum());
        double nll = lse - logits[(int) target];
        double smooth = lse - Arrays.stream(logits).average().orElseThrow();
        return (1 - smoothing) * nll + smoothing * smooth;
    }

    @Property(tries = 30)
    void crossEntropyFollowsPyTorch(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int n = 1 + rng.nextInt(5);
        int classes = 1 + rng.nextInt(7);
        int spatial = rng.nextBoolean() ? 0 : 1 + rng.nextInt(3);
        int[] logitShape = spatial == 0 ? new int[] {n, classes} : new int[] {n, classes, spatial};
        int[] targetShape = spatial == 0 ? new int[] {n} : new int[] {n, spatial};
        Sample logits = Samples.uniform(rng, DType.F32, Samples.layout(rng), logitShape, -4, 4);
        int ignore = rng.nextBoolean() ? -100 : classes - 1;
        double smoothing = rng.nextBoolean() ? 0 : 0.2;
        int positions = n * Math.max(1, spatial);
        long[] targets = new long[positions];
        for (int i = 0; i < positions; i++) {
            targets[i] = i > 0 && rng.nextInt(4) == 0 ? ignore : rng.nextInt(classes);
        }
        if (targets[0] == ignore) {
            targets[0] = 0;
        }
        Tensor target = Tensor.of(targets, targetShape);
        double[] losses = new double[positions];
        double total = 0;
        int counted = 0;
        for (int p = 0; p < positions; p++) {
            if (targets[p] == ignore) {
                continue;
            }
            int batch = spatial == 0 ? p : p / spatial;
            int at = spatial == 0 ? 0 : p % spatial;
            double[] row = new double[classes];
            for (int c = 0; c < classes; c++) {
                row[c] = spatial == 0 ? logits.ref().at(batch, c) : logits.ref().at(batch, c, at);
            }
            losses[p] = crossEntropy(row, targets[p], smoothing);
            total += losses[p];
            counted++;
        }
        String what = "cross_entropy " + Arrays.toString(logitShape) + " ignore " + ignore + " smoothing " + smoothing;
        assertClose(new Nd(targetShape, losses), Functional.crossEntropy(logits.tensor(), target, ignore, smoothing, "none"),
                1e-5, 1e-6, what + " none");
        assertClose(Reference.scalar(total), Functional.crossEntropy(logits.tensor(), target, ignore, smoothing, "sum"),
                1e-5, 1e-5, what + " sum");
        assertClose(Reference.scalar(total / counted),
                Functional.crossEntropy(logits.tensor(), target, ignore, smoothing, "mean"), 1e-5, 1e-6, what + " mean");
    }

    @Example
    void mseReductions() {
        Random rng = new Random(7);
        Sample a = Samples.uniform(rng, DType.F32, Layout.TRANSPOSED, new int[] {33, 31}, -3, 3);
        Sample b = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {33, 31}, -3, 3);
        Nd squares = Reference.zip(a.ref(), b.ref(), (x, y) -> (x - y) * (x - y));
        assertClose(squares, Functional.mse(a.tensor(), b.tensor(), "none"), 1e-6, 1e-7, "mse none");
        double sum = Arrays.stream(squares.data()).sum();
        assertClose(Reference.scalar(sum), Functional.mse(a.tensor(), b.tensor(), "sum"), 1e-5, 0, "mse sum");
        assertClose(Reference.scalar(sum / squares.data().length), Functional.mse(a.tensor(), b.tensor(), "mean"), 1e-5, 0,
                "mse mean");
    }

    @Example
    void dropoutZeroesAboutPAndScalesSurvivors() {
        Random rng = new Random(8);
        int n = 100_000;
        Tensor x = Tensor.rand(rng, DType.F32, n).add(1.0);
        double p = 0.3;
        Tensor y = Functional.dropout(x, p, true, new Random(9));
        assertType(DType.F32, y, "dropout");
        float[] in = x.toFloatArray();
        float[] out = y.toFloatArray();
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            if (out[i] == 0) {
                zeros++;
            } else {
                assertEquals(in[i] / (1 - p), out[i], 1e-6 * out[i], "survivor " + i + " is scaled by 1/(1-p)");
            }
        }
        // The count of zeros is binomial(n, p): 4.5 standard deviations is about 650.
        assertEquals(p * n, zeros, 650, "fraction zeroed");
        assertSame(x, Functional.dropout(x, p, false, new Random(9)), "eval mode is the identity");
        assertSame(x, Functional.dropout(x, 0, true, new Random(9)), "p = 0 is the identity");
        assertEquals(0.0, Functional.dropout(x, 1, true, new Random(9)).abs().sum().item(), "p = 1 zeroes everything");
        Tensor again = Functional.dropout(x, p, true, new Random(9));
        assertArrayEquals(out, again.toFloatArray(), "the same generator state drops the same elements");
        assertTrue(zeros > 0);
    }
}
