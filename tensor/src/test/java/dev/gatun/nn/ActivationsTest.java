package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Parameter-free layers, Dropout, MLP and Sequential. */
class ActivationsTest {
    private static final double[] XS = {-2, -0.5, 0, 1, 2};

    private static double[] apply(Layer layer) {
        return layer.forward(Tensor.of(XS)).toDoubleArray();
    }

    @Test
    void elementwiseActivationsMatchTheirFormulas() {
        double[] relu = apply(new ReLU());
        double[] tanh = apply(new Tanh());
        double[] silu = apply(new SiLU());
        double[] geluTanh = apply(new GELU("tanh"));
        for (int i = 0; i < XS.length; i++) {
            double x = XS[i];
            assertEquals(Math.max(x, 0), relu[i], 1e-15);
            assertEquals(Math.tanh(x), tanh[i], 1e-12);
            assertEquals(x / (1 + Math.exp(-x)), silu[i], 1e-12);
            double inner = Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x);
            assertEquals(0.5 * x * (1 + Math.tanh(inner)), geluTanh[i], 1e-12);
        }
        // Exact GELU is x * Phi(x); Phi(-2), Phi(-0.5), Phi(1), Phi(2) from tables of the normal distribution.
        double[] phi = {0.022750131948179195, 0.3085375387259869, 0.5, 0.8413447460685429, 0.9772498680518208};
        double[] gelu = apply(new GELU());
        for (int i = 0; i < XS.length; i++) {
            assertEquals(XS[i] * phi[i], gelu[i], 1e-7);
        }
        GatunException e = assertThrows(GatunException.class, () -> new GELU("erf"));
        assertTrue(e.getMessage().contains("'erf'"), e.getMessage());
    }

    @Test
    void dropoutDropsAndScalesOnlyInTraining() {
        Tensor x = Tensor.ones(DType.F32, 4000);
        Dropout drop = new Dropout(0.25, new SplittableRandom(1));
        float[] y = drop.forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) {
                zeros++;
            } else {
                assertEquals(1 / 0.75, v, 1e-6);
            }
        }
        assertEquals(0.25, zeros / 4000.0, 0.03);
        float[] again = new Dropout(0.25, new SplittableRandom(1)).forward(x).toFloatArray();
        assertArrayEquals(y, again, "same seed, same mask");
        drop.eval();
        assertSame(x, drop.forward(x));
        assertThrows(GatunException.class, () -> new Dropout(1.5, new SplittableRandom(0)));
    }

    @Test
    void mlpIsLinearActivationLinear() {
        SplittableRandom rng = new SplittableRandom(2);
        MLP mlp = new MLP(4, 8, 3, new GELU("tanh"), rng);
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(mlp.stateDict().keySet()));
        Tensor x = Tensor.randn(rng, DType.F32, 2, 5, 4);
        Tensor manual = Functional.linear(Functional.geluTanh(Functional.linear(x, mlp.fc1().weight(), mlp.fc1().bias())),
                mlp.fc2().weight(), mlp.fc2().bias());
        assertArrayEquals(manual.toFloatArray(), mlp.forward(x).toFloatArray(), 0f);
        assertArrayEquals(new int[] {2, 5, 3}, mlp.forward(x).shape());
        MLP noBias = new MLP(4, 8, 3, new ReLU(), false, rng);
        assertEquals(4 * 8 + 8 * 3, noBias.numParameters());
    }

    @Test
    void sequentialAppliesLayersInOrder() {
        SplittableRandom rng = new SplittableRandom(3);
        Linear a = new Linear(3, 3, true, rng);
        Linear b = new Linear(3, 2, true, rng);
        Sequential net = new Sequential(a, new Tanh()).append(b);
        Tensor x = Tensor.randn(rng, DType.F32, 4, 3);
        assertArrayEquals(b.forward(a.forward(x).tanh()).toFloatArray(), net.forward(x).toFloatArray(), 0f);
        assertSame(b, net.get(2));
        assertThrows(GatunException.class, () -> net.get(3));
    }
}
