package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.optim.AdamW;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Training through autograd: a tiny randomly initialised Swin, every parameter receives a finite
 * gradient, and a few AdamW steps reduce the cross-entropy on a fixed batch.
 */
class SwinTrainingTest {
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void adamWReducesTheLossOnAFixedBatch(boolean v2) {
        SwinConfig config = SwinConfig.of(v2, 16, 2, 8, List.of(2, 2), List.of(2, 2), 4, 3);
        SwinForImageClassification model = new SwinForImageClassification(config, new SplittableRandom(1));
        model.train();
        Tensor pixels = Tensor.randn(new Random(2), DType.F32, 6, 3, 16, 16);
        Tensor labels = Tensor.of(new long[] {0, 1, 2, 0, 1, 2}, 6);
        double first = 0;
        double last = 0;
        try (AdamW optimizer = new AdamW(model.parameters(), 1e-2, 0.9, 0.999, 1e-8, 0.01)) {
            for (int step = 0; step < 15; step++) {
                try (Scope s = Scope.open()) {
                    optimizer.zeroGrad();
                    Tensor logits = model.forward(pixels).logits();                  // (B, 3)
                    Tensor loss = Functional.crossEntropy(logits, labels, -100, 0.0, "mean");
                    loss.backward();
                    if (step == 0) {
                        first = loss.item();
                        checkGradients(model);
                    }
                    last = loss.item();
                    optimizer.step();
                }
            }
        }
        System.out.printf("Swin %s: cross-entropy %.4f -> %.4f in 15 AdamW steps%n", v2 ? "v2" : "v1", first, last);
        assertTrue(Double.isFinite(first) && last < 0.7 * first, "loss went from " + first + " to " + last);
    }

    private static void checkGradients(SwinForImageClassification model) {
        for (Map.Entry<String, Tensor> e : model.namedParameters().entrySet()) {
            Tensor g = e.getValue().grad();
            assertNotNull(g, e.getKey() + " got no gradient");
            double sum = g.abs().sum().item();
            assertTrue(Double.isFinite(sum), e.getKey() + " has a non-finite gradient");
        }
    }
}
