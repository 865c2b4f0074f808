package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link LayerNorm} and {@link GELU} under no-grad (one fused pass) against their composed forward. */
class FusedInferenceModulesTest {

    private static double maxAbsDiff(Tensor a, Tensor b) {
        assertArrayEquals(a.shape(), b.shape());
        float[] x = a.detach().contiguous().toFloatArray();
        float[] y = b.contiguous().toFloatArray();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    @ParameterizedTest
    @CsvSource({"1, 1, 1", "2, 5, 7", "3, 9, 40", "1, 50, 96"})
    void layerNormAndGeluMatchTheirCompositions(int b, int t, int c) {
        SplittableRandom rng = new SplittableRandom(b * 100L + t * 10L + c);
        LayerNorm norm = new LayerNorm(new int[] {c}, 1e-6, true);
        GELU exact = new GELU();
        GELU tanh = new GELU("tanh");
        try (Scope s = Scope.open()) {
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                norm.weight().copy_(Tensor.randn(rng, DType.F32, c));
                norm.bias().copy_(Tensor.randn(rng, DType.F32, c));
            }
            Tensor x = Tensor.randn(rng, DType.F32, b, c, t).mul(3.0).transpose(1, 2);    // (B, T, C), strided
            Tensor normed = norm.forward(x);                                              // records a graph
            Tensor g = exact.forward(x);                                     // composed too
            Tensor gt = tanh.forward(x);
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                assertTrue(maxAbsDiff(normed, norm.forward(x)) <= 1e-5, "layer norm");
                assertTrue(maxAbsDiff(g, exact.forward(x)) <= 1e-5, "gelu");
                assertTrue(maxAbsDiff(gt, tanh.forward(x)) <= 1e-5, "gelu tanh");
            }
        }
    }
}
