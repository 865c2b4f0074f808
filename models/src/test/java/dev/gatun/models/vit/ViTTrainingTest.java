package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.optim.AdamW;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A few AdamW steps on a tiny classifier: the loss on a fixed batch falls, and every parameter learns. */
class ViTTrainingTest {
    private static final int B = 6;

    private static double loss(ViTForImageClassification model, Tensor pixels, Tensor labels) {
        model.eval();
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            return Functional.crossEntropy(model.forward(pixels).logits(), labels, -100, 0.0, "mean").item();
        }
    }

    @Test
    void lossFallsAndEveryParameterGetsAFiniteGradient() {
        ViTConfig config = ViTFixtures.TINY.withDropout(0.1, 0.1);
        ViTForImageClassification model = new ViTForImageClassification(config, new SplittableRandom(11));
        Tensor pixels = Tensor.randn(new SplittableRandom(12), DType.F32, B, 3, 8, 8);
        Tensor labels = Tensor.of(new long[] {0, 1, 2, 2, 1, 0});
        double first = loss(model, pixels, labels);
        try (AdamW opt = new AdamW(model.parameters(), 1e-2)) {
            for (int step = 0; step < 25; step++) {
                model.train();
                try (Scope s = Scope.open()) {
                    opt.zeroGrad();
                    Functional.crossEntropy(model.forward(pixels).logits(), labels, -100, 0.0, "mean").backward();
                    if (step == 0) {
                        everyParameterHasAFiniteNonZeroGradient(model);
                    }
                    opt.step();
                }
            }
        }
        double last = loss(model, pixels, labels);
        System.out.printf("ViT training: cross-entropy %.4f -> %.4f after 25 AdamW steps%n", first, last);
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }

    private static void everyParameterHasAFiniteNonZeroGradient(ViTForImageClassification model) {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, e.getKey() + " has no gradient");
            double sum = g.abs().sum().item();
            assertTrue(Double.isFinite(sum) && sum > 0, e.getKey() + " gradient sum " + sum);
        }
    }
}
