package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.Parallel;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Swin's inference paths ({@link SwinFused}: evaluation mode under no-grad) against the composed
 * modules (the same model with a graph recorded), on random models of awkward sizes: padded and shifted
 * windows, several windows per image, a batch of three.
 */
class SwinFusedTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @CsvSource({"false, 29, gelu", "false, 30, gelu_new", "true, 30, gelu"})
    void inferencePathMatchesTheComposedModules(boolean v2, int pixels, String act) {
        SwinConfig base = SwinConfig.of(v2, 30, 2, 12, List.of(2, 2), List.of(3, 2), 4, 5);
        SwinConfig config = new SwinConfig(base.modelType(), base.imageSize(), base.patchSize(), base.numChannels(),
                base.embedDim(), base.depths(), base.numHeads(), base.windowSize(), base.mlpRatio(), base.qkvBias(),
                base.hiddenDropoutProb(), base.attentionProbsDropoutProb(), base.dropPathRate(), act,
                base.useAbsoluteEmbeddings(), base.layerNormEps(), base.encoderStride(), base.pretrainedWindowSizes(),
                base.id2label());
        SwinForImageClassification model = new SwinForImageClassification(config, new SplittableRandom(9));
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            // std 0.02 weights make near-uniform attention; larger ones make the scores and bias matter
            model.stateDict().forEach((name, w) -> {
                if (w.rank() == 2) {
                    w.mul_(name.endsWith("relative_position_bias_table") ? 50.0 : 8.0);
                }
            });
        }
        model.eval();
        int previous = Parallel.threads();
        Parallel.setThreads(3);
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.randn(new SplittableRandom(2), DType.F32, 3, 3, pixels, pixels);
            SwinModelOutput composed = model.forward(x);                       // records a graph: composed path
            SwinModelOutput fused;
            try (Autograd.NoGrad ng = Autograd.noGrad()) {
                fused = model.forward(x);
            }
            assertClose(composed.logits(), fused.logits(), "logits");
            assertClose(composed.lastHiddenState(), fused.lastHiddenState(), "last hidden state");
        } finally {
            Parallel.setThreads(previous);
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        float[] a = expected.detach().toFloatArray();
        float[] b = actual.toFloatArray();
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        assertTrue(max <= TOLERANCE, what + ": max abs diff " + max + " > " + TOLERANCE);
    }
}
