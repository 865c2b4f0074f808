package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Swin v1 and v2 against torchvision's SwinTransformer (fixtures from make_swin_fixtures.py): a batch of
 * two images through models with padding, odd patch merging, shifted and unshifted windows, a non-square
 * grid, absolute position embeddings and pretrained window sizes.
 */
class SwinParityTest {
    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"swin-pad", "swin-window", "swinv2-pad", "swinv2-window", "swin-nobias"})
    void classificationMatchesTorchvision(String name) {
        Map<String, Tensor> ref = SwinFixtures.reference(name);
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder(name));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            SwinModelOutput out = model.forward(ref.get("pixel_values"));
            assertArrayEquals(ref.get("logits").shape(), out.logits().shape());
            assertArrayEquals(ref.get("last_hidden_state").shape(), out.lastHiddenState().shape());
            double logits = SwinFixtures.maxAbsDiff(out.logits(), ref.get("logits"));
            double hidden = SwinFixtures.maxAbsDiff(out.lastHiddenState(), ref.get("last_hidden_state"));
            double pooled = SwinFixtures.maxAbsDiff(out.poolerOutput(), ref.get("pooler_output"));
            System.out.printf("%s: max |diff| logits %.2e, last_hidden_state %.2e, pooler_output %.2e%n",
                    name, logits, hidden, pooled);
            assertTrue(logits <= TOLERANCE, name + " logits differ by " + logits);
            assertTrue(hidden <= TOLERANCE, name + " last_hidden_state differs by " + hidden);
            assertTrue(pooled <= TOLERANCE, name + " pooler_output differs by " + pooled);
            assertTrue(out.logits().requiresGrad() == false && out.logits().producer() == null,
                    "no graph is recorded under noGrad");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"swin-pad", "swinv2-window"})
    void baseModelLoadsTheBackboneOfAClassifierCheckpoint(String name) {
        Map<String, Tensor> ref = SwinFixtures.reference(name);
        SwinModel model = SwinModel.load(SwinFixtures.folder(name));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            SwinModelOutput out = model.forward(ref.get("pixel_values"));
            assertEquals(null, out.logits());
            assertTrue(SwinFixtures.maxAbsDiff(out.lastHiddenState(), ref.get("last_hidden_state")) <= TOLERANCE);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"swin-pad", "swinv2-pad"})
    void eachImageOfABatchMatchesItsOwnRun(String name) {
        Map<String, Tensor> ref = SwinFixtures.reference(name);
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder(name));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int i = 0; i < 2; i++) {
                Tensor one = ref.get("pixel_values").narrow(0, i, 1).contiguous();
                Tensor logits = model.forward(one).logits();
                assertTrue(SwinFixtures.maxAbsDiff(logits, ref.get("logits").narrow(0, i, 1)) <= TOLERANCE);
            }
        }
    }

    @org.junit.jupiter.api.Test
    void imagesArePaddedToWholePatchesWithZeros() {
        // Hugging Face pads pixels at the right and bottom: a 17x25 image runs as the 18x26 image with
        // a zero last row and column.
        Map<String, Tensor> ref = SwinFixtures.reference("swin-pad");
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder("swin-pad"));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            Tensor cropped = ref.get("pixel_values").narrow(2, 0, 17).narrow(3, 0, 25).contiguous();
            Tensor padded = dev.gatun.tensor.Functional.pad(cropped, new int[] {0, 1, 0, 1}, 0.0);
            assertArrayEquals(new int[] {2, 3, 18, 26}, padded.shape());
            Tensor a = model.forward(cropped).logits();
            Tensor b = model.forward(padded).logits();
            assertTrue(SwinFixtures.maxAbsDiff(a, b) == 0.0);
            assertTrue(SwinFixtures.maxAbsDiff(a, ref.get("logits")) > 1e-3, "the crop changes the image");
        }
    }
}
