package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with torchvision's VisionTransformer (an implementation independent of Gatun and of Hugging
 * Face) on the fixtures of {@code make_vit_fixtures.py}: logits, last hidden state, pooler output, and
 * position embeddings interpolated to other resolutions.
 */
class ViTReferenceTest {
    private static final double TOLERANCE = 1e-4;

    private static ViTForImageClassification classifier;
    private static Map<String, Tensor> io;

    @BeforeAll
    static void load() {
        classifier = ViTForImageClassification.load(ViTFixtures.resource("classifier"));
        io = ViTFixtures.tensors("classifier_io.safetensors");
    }

    private static void assertClose(Tensor expected, Tensor actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double diff = ViTFixtures.maxAbsDiff(expected, actual);
        System.out.printf("ViT parity: %s max abs diff %.3g%n", what, diff);
        assertTrue(diff <= TOLERANCE, what + ": max abs diff " + diff + " > " + TOLERANCE);
    }

    private static void checkClassifier(String suffix, boolean interpolate) {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            ViTModelOutput out = classifier.forward(io.get("pixel_values" + suffix), interpolate);
            assertClose(io.get("logits" + suffix), out.logits(), "logits" + suffix);
            assertClose(io.get("last_hidden_state" + suffix), out.lastHiddenState(), "last_hidden_state" + suffix);
            assertNull(out.poolerOutput());
        }
    }

    @Test
    void classifierMatchesTorchvisionAtItsOwnSize() {
        checkClassifier("", false);
    }

    @Test
    void interpolatedToALargerSquareMatches() {
        checkClassifier("_48", true);
    }

    @Test
    void nonSquareInputWithTheSamePatchCountIsStillInterpolated() {
        // 16 x 64 pixels give a 2 x 8 grid: 16 patches like the 4 x 4 table, but not square.
        checkClassifier("_16x64", true);
    }

    @Test
    void positionTableResampledToANonSquareGridMatchesTorchInterpolate() {
        Tensor table = classifier.vit().embeddings().positionEmbeddings();
        try (Autograd.NoGrad ng = Autograd.noGrad()) {
            assertClose(io.get("pos_interp_3x7"), ViTEmbeddings.interpolatePositionEmbeddings(table, 3, 7),
                    "position embeddings 4x4 -> 3x7");
            assertClose(io.get("pos_interp_3x7"), classifier.vit().embeddings().positionEncoding(24, 56),
                    "position encoding for 24 x 56 pixels");
        }
    }

    @Test
    void ownSizeWithInterpolationOnUsesTheTableAsItIs() {
        ViTEmbeddings e = classifier.vit().embeddings();
        assertTrue(e.positionEncoding(32, 32) == e.positionEmbeddings());
        assertTrue(e.positionEncoding(35, 35) == e.positionEmbeddings());    // remainder dropped: still 4 x 4
        checkClassifier("", true);
    }

    @Test
    void bareModelWithPoolerMatches() {
        ViTModel backbone = ViTModel.load(ViTFixtures.resource("backbone"));
        assertTrue(backbone.hasPooler());
        assertEquals(40, backbone.config().poolerOutputSize());
        Map<String, Tensor> ref = ViTFixtures.tensors("backbone_io.safetensors");
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            ViTModelOutput out = backbone.forward(ref.get("pixel_values"));
            assertClose(ref.get("last_hidden_state"), out.lastHiddenState(), "backbone last_hidden_state");
            assertClose(ref.get("pooler_output"), out.poolerOutput(), "pooler_output");
            assertNull(out.logits());
        }
    }

    @Test
    void backboneOfAClassifierCheckpointLoadsAsViTModel() {
        ViTModel backbone = ViTModel.load(ViTFixtures.resource("classifier"));
        assertFalse(backbone.hasPooler());
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            assertClose(io.get("last_hidden_state"), backbone.forward(io.get("pixel_values")).lastHiddenState(),
                    "backbone of the classifier checkpoint");
        }
    }

    @Test
    void batchRowsAreIndependent() {
        Tensor pixels = io.get("pixel_values_48");
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor both = classifier.forward(pixels, true).logits();
            for (int b = 0; b < 2; b++) {
                Tensor one = classifier.forward(pixels.narrow(0, b, 1).contiguous(), true).logits();
                assertTrue(ViTFixtures.maxAbsDiff(both.narrow(0, b, 1), one) <= 1e-5, "row " + b);
            }
        }
    }

    @Test
    void oneLoadedModelServesManyThreads() throws Exception {
        Tensor pixels = io.get("pixel_values");
        List<Callable<Double>> jobs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            jobs.add(() -> {
                try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
                    return ViTFixtures.maxAbsDiff(io.get("logits"), classifier.forward(pixels).logits());
                }
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            for (Future<Double> f : pool.invokeAll(jobs)) {
                assertTrue(f.get() <= TOLERANCE, "max abs diff " + f.get());
            }
        }
    }

    @Test
    void inferenceUnderNoGradBuildsNoGraph() {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            ViTModelOutput out = classifier.forward(io.get("pixel_values"));
            assertNull(out.logits().producer());
            assertNull(out.lastHiddenState().producer());
        }
        try (Scope s = Scope.open()) {
            assertTrue(classifier.forward(io.get("pixel_values")).logits().producer() != null);
        }
    }

    @Test
    void labelsComeFromTheConfig() {
        assertEquals(10, classifier.config().numLabels());
        assertEquals("class_7", classifier.config().id2label().get(7));
        assertEquals(3, classifier.config().label2id().get("class_3"));
        assertEquals(1e-6, classifier.config().layerNormEps());
    }

    @Test
    void otherSizeWithoutInterpolationIsAnError() {
        GatunException e = assertThrows(GatunException.class,
                () -> classifier.forward(io.get("pixel_values_48")));
        assertTrue(e.getMessage().contains("48 x 48") && e.getMessage().contains("32 x 32")
                && e.getMessage().contains("interpolatePosEncoding"), e.getMessage());
    }
}
