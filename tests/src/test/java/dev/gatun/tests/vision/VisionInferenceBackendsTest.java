package dev.gatun.tests.vision;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.swin.SwinConfig;
import dev.gatun.models.swin.SwinForImageClassification;
import dev.gatun.models.vit.ViTConfig;
import dev.gatun.models.vit.ViTForImageClassification;
import dev.gatun.models.vit.ViTInference;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The vision inference paths on every installed backend (the native flash attention, layer norm and GELU
 * included) against the composed modules: ViT through {@link ViTInference} and the modules' own
 * no-grad path, Swin through its modules' no-grad path, on small random models of awkward sizes.
 */
class VisionInferenceBackendsTest {
    private static final double TOLERANCE = 1e-4;

    @Test
    void vitLogitsMatchTheComposedModulesOnEveryBackend() {
        ViTConfig c = ViTConfig.of(37, 5, 40, 2, 5, 72, 7);
        ViTForImageClassification model = new ViTForImageClassification(new ViTConfig(c.hiddenSize(),
                c.numHiddenLayers(), c.numAttentionHeads(), c.intermediateSize(), c.hiddenAct(), 0, 0, 0.3, 1e-6,
                c.imageSize(), c.patchSize(), c.numChannels(), true, c.encoderStride(), c.poolerOutputSize(),
                c.poolerAct(), c.id2label(), c.label2id()), new SplittableRandom(3));
        model.eval();
        ViTInference fast = ViTInference.of(model);
        try (Scope s = Scope.open()) {
            Tensor pixels = Tensor.randn(new SplittableRandom(4), DType.F32, 2, 3, 37, 37);
            Tensor expected = model.forward(pixels).logits().detach();           // a graph is recorded: composed
            for (Backend backend : Backends.installed()) {
                Backends.use(backend.name());
                try (Autograd.NoGrad ng = Autograd.noGrad()) {
                    check(backend.name() + ": ViTInference", expected, fast.logits(pixels));
                    check(backend.name() + ": ViT modules", expected, model.forward(pixels).logits());
                }
            }
        } finally {
            Backends.use(null);
        }
    }

    @Test
    void swinLogitsMatchTheComposedModulesOnEveryBackend() {
        SwinForImageClassification model = new SwinForImageClassification(
                SwinConfig.of(false, 30, 2, 12, List.of(2, 2), List.of(3, 2), 4, 5), new SplittableRandom(5));
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            model.stateDict().forEach((name, w) -> {
                if (w.rank() == 2) {
                    w.mul_(name.endsWith("relative_position_bias_table") ? 50.0 : 8.0);
                }
            });
        }
        model.eval();
        try (Scope s = Scope.open()) {
            Tensor pixels = Tensor.randn(new SplittableRandom(6), DType.F32, 2, 3, 29, 29);
            Tensor expected = model.forward(pixels).logits().detach();
            for (Backend backend : Backends.installed()) {
                Backends.use(backend.name());
                try (Autograd.NoGrad ng = Autograd.noGrad()) {
                    check(backend.name() + ": Swin modules", expected, model.forward(pixels).logits());
                }
            }
        } finally {
            Backends.use(null);
        }
    }

    private static void check(String what, Tensor expected, Tensor actual) {
        float[] a = expected.toFloatArray();
        float[] b = actual.toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        assertTrue(a.length == b.length && max <= TOLERANCE, what + ": max abs diff " + max);
    }
}
