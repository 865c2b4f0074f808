package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link ViTInference}, and the modules' own inference paths (evaluation mode under no-grad), against the
 * composed modules (the same model with a graph recorded), on random models of awkward sizes.
 */
class ViTInferenceTest {
    private static final double TOLERANCE = 1e-4;

    /** 37 x 37 pixels, patches of 5 (a 7 x 7 grid, 50 tokens, the remainder dropped), width 40, 5 heads of 8. */
    private static ViTConfig config(String act, boolean qkvBias) {
        ViTConfig c = ViTConfig.of(37, 5, 40, 3, 5, 72, 7).withHiddenAct(act);
        return new ViTConfig(c.hiddenSize(), c.numHiddenLayers(), c.numAttentionHeads(), c.intermediateSize(),
                c.hiddenAct(), 0, 0, 0.3, 1e-6, c.imageSize(), c.patchSize(), c.numChannels(), qkvBias,
                c.encoderStride(), c.poolerOutputSize(), c.poolerAct(), c.id2label(), c.label2id());
    }

    /** The composed path's output: the forward run with a graph recorded, detached. */
    private static ViTModelOutput composed(java.util.function.Supplier<ViTModelOutput> forward) {
        ViTModelOutput out = forward.get();
        return new ViTModelOutput(out.lastHiddenState().detach(),
                out.poolerOutput() == null ? null : out.poolerOutput().detach(),
                out.logits() == null ? null : out.logits().detach());
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double diff = ViTFixtures.maxAbsDiff(expected, actual);
        assertTrue(diff <= TOLERANCE, what + ": max abs diff " + diff + " > " + TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gelu", "gelu_new", "relu"})
    void classifierLogitsAndHiddenStateMatchTheModules(String act) {
        ViTForImageClassification model = new ViTForImageClassification(config(act, true), new SplittableRandom(7));
        model.eval();
        ViTInference fast = ViTInference.of(model);
        int previous = Parallel.threads();
        Parallel.setThreads(3);
        try (Scope s = Scope.open()) {
            Tensor pixels = Tensor.randn(new SplittableRandom(3), DType.F32, 3, 3, 37, 37);
            ViTModelOutput expected = composed(() -> model.forward(pixels));
            Autograd.NoGrad ng = Autograd.noGrad();
            ViTModelOutput modules = model.forward(pixels);
            ViTModelOutput actual = fast.forward(pixels, false);
            assertClose(expected.logits(), modules.logits(), "modules' inference logits");
            assertClose(expected.logits(), actual.logits(), "logits");
            assertClose(expected.logits(), fast.logits(pixels), "logits()");
            assertClose(expected.lastHiddenState(), actual.lastHiddenState(), "last hidden state");
            assertNull(actual.poolerOutput());
            ng.close();
        } finally {
            Parallel.setThreads(previous);
        }
    }

    @Test
    void backboneWithPoolerWithoutQkvBiasAtAnotherSizeMatchesTheModules() {
        ViTModel model = new ViTModel(config("gelu", false), true, new SplittableRandom(11));
        model.eval();
        ViTInference fast = ViTInference.of(model);
        try (Scope s = Scope.open()) {
            Tensor pixels = Tensor.randn(new SplittableRandom(5), DType.F32, 2, 3, 23, 44);   // a 4 x 8 grid
            ViTModelOutput expected = composed(() -> model.forward(pixels, true));
            Autograd.NoGrad ng = Autograd.noGrad();
            assertClose(expected.lastHiddenState(), model.forward(pixels, true).lastHiddenState(),
                    "modules' inference hidden state");
            ViTModelOutput actual = fast.forward(pixels, true);
            assertClose(expected.lastHiddenState(), actual.lastHiddenState(), "last hidden state");
            assertClose(expected.poolerOutput(), actual.poolerOutput(), "pooler output");
            assertNull(actual.logits());
            assertThrows(GatunException.class, () -> fast.logits(pixels));
            assertThrows(GatunException.class, () -> fast.forward(pixels, false));
            ng.close();
        }
    }

    @Test
    void theSnapshotIsTakenWhenMadeAndIgnoresLaterTraining() {
        ViTForImageClassification model = new ViTForImageClassification(config("gelu", true), new SplittableRandom(2));
        model.eval();
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor pixels = Tensor.randn(new SplittableRandom(4), DType.F32, 1, 3, 37, 37);
            Tensor before = model.forward(pixels).logits();
            ViTInference fast = ViTInference.of(model);
            Tensor w = model.vit().encoder().layer(0).stateDict().get("intermediate.dense.weight");
            w.mul_(2.0);
            model.eval();                                     // drops the modules' own packed weights
            assertClose(before, fast.logits(pixels), "logits of the snapshot");
            assertClose(model.forward(pixels).logits(), ViTInference.of(model).logits(pixels), "a new snapshot");
        }
    }
}
