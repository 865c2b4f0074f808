package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.GradientCheck;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Gradients of the attention block, a whole layer and the position-embedding resampling against finite differences. */
class ViTGradientTest {
    private static Tensor hidden(long seed) {
        return Tensor.randn(new SplittableRandom(seed), DType.F64, 2, 5, 8).requiresGrad(true);   // (B, T, C)
    }

    @Test
    void selfAttentionGradients() {
        ViTSelfAttention attention = ViTFixtures.spread(new ViTSelfAttention(ViTFixtures.TINY, new SplittableRandom(1)),
                2, 0.5);
        Map<String, Tensor> p = attention.namedParameters();
        Tensor x = hidden(3);
        GradientCheck.checkSampled(() -> attention.forward(x),
                List.of(x, p.get("query.weight"), p.get("key.weight"), p.get("key.bias"), p.get("value.weight")),
                40, 1e-4);
    }

    @Test
    void layerGradients() {
        ViTLayer layer = ViTFixtures.spread(new ViTLayer(ViTFixtures.TINY, new SplittableRandom(4)), 5, 0.5);
        Map<String, Tensor> p = layer.namedParameters();
        Tensor x = hidden(6);
        GradientCheck.checkSampled(() -> layer.forward(x),
                List.of(x, p.get("layernorm_before.weight"), p.get("layernorm_before.bias"),
                        p.get("attention.attention.query.bias"), p.get("attention.output.dense.weight"),
                        p.get("layernorm_after.weight"), p.get("intermediate.dense.weight"), p.get("output.dense.bias")),
                40, 1e-4);
    }

    @Test
    void interpolatedPositionEmbeddingGradients() {
        Tensor table = Tensor.randn(new SplittableRandom(8), DType.F64, 1, 1 + 9, 4).requiresGrad(true);
        for (int[] grid : new int[][] {{2, 5}, {4, 4}, {3, 3}, {1, 7}}) {
            GradientCheck.checkSampled(() -> ViTEmbeddings.interpolatePositionEmbeddings(table, grid[0], grid[1]),
                    List.of(table), 100, 1e-6);
        }
    }

    @Test
    void interpolatedForwardTrainsThePositionTable() {
        ViTModel model = new ViTModel(ViTFixtures.TINY, false, new SplittableRandom(9));
        Tensor pixels = Tensor.randn(new SplittableRandom(10), DType.F32, 2, 3, 12, 8);   // a 3 x 2 patch grid
        model.forward(pixels, true).lastHiddenState().pow(2).sum().backward();
        Tensor g = model.embeddings().positionEmbeddings().grad();
        assertArrayEquals(new int[] {1, 5, 8}, g.shape());
        double sum = g.abs().sum().item();
        assertTrue(Double.isFinite(sum) && sum > 0, "gradient sum " + sum);
        for (int row = 0; row < 5; row++) {
            assertTrue(g.select(1, row).abs().sum().item() > 0, "row " + row + " of the table gets no gradient");
        }
    }

    @Test
    void bicubicWeightsAreTheIdentityAtTheSameSizeAndRowsSumToOne() {
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1},
                BicubicResize.weights(3, 3, DType.F64).toDoubleArray(), 1e-15);
        for (int[] size : new int[][] {{4, 7}, {7, 4}, {14, 24}, {5, 1}}) {
            Tensor rows = BicubicResize.weights(size[0], size[1], DType.F64).sum(1, false);
            for (double r : rows.toDoubleArray()) {
                assertEquals(1.0, r, 1e-12);
            }
        }
    }

    @Test
    void bicubicUpsamplingByTwoMatchesTorch() {
        // F.interpolate(torch.tensor([[[[1., 0.]]]], dtype=torch.float64), size=(1, 4), mode="bicubic",
        // align_corners=False): the response to the first input sample, column 0 of the matrix.
        double[] torch = {1.10546875, 0.7734375, 0.2265625, -0.10546875};
        Tensor w = BicubicResize.weights(2, 4, DType.F64);
        assertArrayEquals(torch, w.select(1, 0).contiguous().toDoubleArray(), 1e-12);
        // Output 0 reads s = 0.5 * 0.5 - 0.5 = -0.25: f = -1, t = 0.75; taps -2, -1, 0 all clamp to sample 0.
        double t = 0.75;
        double a = BicubicResize.A;
        double outer = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a;
        double inner = ((a + 2) * t - (a + 3)) * t * t + 1;
        double inner2 = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1;
        assertEquals(outer + inner + inner2, w.getDouble(0, 0), 1e-15);
    }
}
