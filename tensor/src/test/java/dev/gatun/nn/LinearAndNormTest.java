package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Linear, Embedding and the normalisations against plain loops over double arrays. */
class LinearAndNormTest {
    private static final double TOL = 1e-5;

    static Tensor random(SplittableRandom rng, int... shape) {
        return Tensor.randn(rng, DType.F32, shape);
    }

    @Test
    void linearMatchesLoops() {
        SplittableRandom rng = new SplittableRandom(1);
        Linear lin = new Linear(5, 3, true, rng);
        Tensor x = random(rng, 2, 4, 5);
        double[] xs = x.toDoubleArray();
        double[] w = lin.weight().toDoubleArray();
        double[] b = lin.bias().toDoubleArray();
        double[] y = lin.forward(x).toDoubleArray();
        assertArrayEquals(new int[] {2, 4, 3}, lin.forward(x).shape());
        for (int r = 0; r < 8; r++) {
            for (int o = 0; o < 3; o++) {
                double acc = b[o];
                for (int i = 0; i < 5; i++) {
                    acc += xs[r * 5 + i] * w[o * 5 + i];
                }
                assertEquals(acc, y[r * 3 + o], TOL, "row " + r + " output " + o);
            }
        }
    }

    @Test
    void linearGradientsAreThoseOfTheLoop() {
        SplittableRandom rng = new SplittableRandom(2);
        Linear lin = new Linear(4, 2, true, rng);
        Tensor x = random(rng, 3, 4);
        lin.forward(x).sum().backward();
        double[] xs = x.toDoubleArray();
        double[] gw = lin.weight().grad().toDoubleArray();
        for (int o = 0; o < 2; o++) {
            for (int i = 0; i < 4; i++) {
                double expected = xs[i] + xs[4 + i] + xs[8 + i];     // d(sum y)/dW[o,i] = sum over rows of x[., i]
                assertEquals(expected, gw[o * 4 + i], TOL);
            }
        }
        assertArrayEquals(new float[] {3, 3}, lin.bias().grad().toFloatArray());
    }

    @Test
    void linearInitFollowsPyTorchBoundsAndSeed() {
        Linear lin = new Linear(64, 32, true, new SplittableRandom(4));
        double bound = 1 / Math.sqrt(64);
        double[] w = lin.weight().toDoubleArray();
        double max = 0;
        double sumSq = 0;
        for (double v : w) {
            assertTrue(Math.abs(v) <= bound, "weight " + v + " within +-" + bound);
            max = Math.max(max, Math.abs(v));
            sumSq += v * v;
        }
        assertTrue(max > 0.95 * bound, "samples fill the range");
        // Variance of U(-a, a) is a^2 / 3.
        assertEquals(bound * bound / 3, sumSq / w.length, 0.1 * bound * bound / 3);
        for (double v : lin.bias().toDoubleArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
        Linear again = new Linear(64, 32, true, new SplittableRandom(4));
        assertArrayEquals(lin.weight().toFloatArray(), again.weight().toFloatArray(), 0f, "same seed, same weights");
    }

    @Test
    void linearWithoutBiasAndWrongInput() {
        Linear lin = new Linear(3, 2, false, new SplittableRandom(0));
        assertEquals(java.util.List.of("weight"), java.util.List.copyOf(lin.stateDict().keySet()));
        GatunException e = assertThrows(GatunException.class, () -> lin.forward(Tensor.zeros(2, 4)));
        assertTrue(e.getMessage().contains("(..., 3)") && e.getMessage().contains("[2, 4]"), e.getMessage());
    }

    @Test
    void embeddingPicksRowsAndStartsStandardNormal() {
        Embedding emb = new Embedding(1000, 8, new SplittableRandom(5));
        Tensor ids = Tensor.of(new long[] {7, 0, 999, 7, 3, 42}, 2, 3);
        Tensor out = emb.forward(ids);
        assertArrayEquals(new int[] {2, 3, 8}, out.shape());
        double[] table = emb.weight().toDoubleArray();
        double[] o = out.toDoubleArray();
        long[] idv = ids.toLongArray();
        for (int r = 0; r < 6; r++) {
            for (int c = 0; c < 8; c++) {
                assertEquals(table[(int) idv[r] * 8 + c], o[r * 8 + c], 0);
            }
        }
        double mean = 0;
        double sq = 0;
        for (double v : table) {
            mean += v / table.length;
            sq += v * v / table.length;
        }
        assertEquals(0, mean, 0.05);
        assertEquals(1, sq - mean * mean, 0.05);
        assertThrows(GatunException.class, () -> emb.forward(Tensor.of(new long[] {1000})));
        assertThrows(GatunException.class, () -> emb.forward(Tensor.zeros(2)));
    }

    @Test
    void layerNormMatchesLoopsOverTrailingDims() {
        SplittableRandom rng = new SplittableRandom(6);
        LayerNorm ln = new LayerNorm(new int[] {3, 4}, 1e-5, true);
        Init.uniform_(ln.weight(), 0.5, 1.5, rng);
        Init.uniform_(ln.bias(), -1, 1, rng);
        Tensor x = random(rng, 2, 3, 4).mul(3.0).add(1.0);
        double[] xs = x.toDoubleArray();
        double[] w = ln.weight().toDoubleArray();
        double[] b = ln.bias().toDoubleArray();
        double[] y = ln.forward(x).toDoubleArray();
        for (int r = 0; r < 2; r++) {
            double mean = 0;
            for (int i = 0; i < 12; i++) {
                mean += xs[r * 12 + i] / 12;
            }
            double var = 0;
            for (int i = 0; i < 12; i++) {
                var += Math.pow(xs[r * 12 + i] - mean, 2) / 12;   // biased, as PyTorch
            }
            for (int i = 0; i < 12; i++) {
                double expected = (xs[r * 12 + i] - mean) / Math.sqrt(var + 1e-5) * w[i] + b[i];
                assertEquals(expected, y[r * 12 + i], TOL);
            }
        }
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(ln.stateDict().keySet()));
        assertTrue(new LayerNorm(new int[] {4}, 1e-5, false).stateDict().isEmpty());
        assertFalse(new LayerNorm(new int[] {4}, 1e-5, true, false).stateDict().containsKey("bias"));
        assertThrows(GatunException.class, () -> ln.forward(Tensor.zeros(3, 5)));
    }

    @Test
    void rmsNormMatchesLoops() {
        SplittableRandom rng = new SplittableRandom(7);
        RMSNorm norm = new RMSNorm(6, 1e-6);
        Init.uniform_(norm.weight(), 0.5, 1.5, rng);
        Tensor x = random(rng, 3, 6);
        double[] xs = x.toDoubleArray();
        double[] w = norm.weight().toDoubleArray();
        double[] y = norm.forward(x).toDoubleArray();
        for (int r = 0; r < 3; r++) {
            double ms = 0;
            for (int i = 0; i < 6; i++) {
                ms += xs[r * 6 + i] * xs[r * 6 + i] / 6;
            }
            for (int i = 0; i < 6; i++) {
                assertEquals(xs[r * 6 + i] / Math.sqrt(ms + 1e-6) * w[i], y[r * 6 + i], TOL);
            }
        }
    }
}
