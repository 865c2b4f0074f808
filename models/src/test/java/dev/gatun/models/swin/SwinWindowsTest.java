package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Window arithmetic on small grids whose answers can be written down by hand. */
class SwinWindowsTest {
    @Test
    void relativePositionIndexOfA2x2Window() {
        // tokens (0,0) (0,1) (1,0) (1,1); row = (dh + 1) * 3 + (dw + 1)
        long[] expected = {4, 3, 1, 0, 5, 4, 2, 1, 7, 6, 4, 3, 8, 7, 5, 4};
        assertArrayEquals(expected, SwinWindows.relativePositionIndex(2).toLongArray());
    }

    @Test
    void partitionPadsRollsAndOrdersWindowsRowMajor() {
        // a 3x3 grid of token ids 1..9, window 2, shift 1: padded to 4x4 (0 = padding), rolled by (-1, -1)
        Tensor tokens = Tensor.arange(DType.F32, 1, 10, 1).reshape(1, 9, 1);
        SwinWindows.Geometry g = new SwinWindows.Geometry(3, 3, 2, 1);
        float[] windows = SwinWindows.partition(tokens, g).toFloatArray();
        // rolled grid rows: [5 6 0 4] [8 9 0 7] [0 0 0 0] [2 3 0 1]
        float[] expected = {5, 6, 8, 9, 0, 4, 0, 7, 0, 0, 2, 3, 0, 0, 0, 1};
        assertArrayEquals(expected, windows);
        assertArrayEquals(tokens.toFloatArray(), SwinWindows.reverse(SwinWindows.partition(tokens, g), g).toFloatArray());
    }

    @Test
    void shiftMaskSeparatesWrappedRegions() {
        // padded 4x4 grid, window 2, shift 1: region rows [0,2) [2,3) [3,4), same for columns
        Tensor mask = SwinWindows.shiftMask(new SwinWindows.Geometry(4, 4, 2, 1), -100);
        assertArrayEquals(new int[] {4, 1, 4, 4}, mask.shape());
        float[] m = mask.toFloatArray();
        for (int i = 0; i < 16; i++) {
            assertEquals(0f, m[i], "the top-left window lies in one region");
        }
        // the bottom-right window holds positions (2,2) (2,3) (3,2) (3,3): four different regions
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                assertEquals(i == j ? 0f : -100f, m[48 + i * 4 + j]);
            }
        }
        assertNull(SwinWindows.shiftMask(new SwinWindows.Geometry(4, 4, 2, 0), -100));
    }

    @Test
    void windowAndShiftRules() {
        SwinConfig v1 = SwinConfig.of(false, 32, 2, 8, List.of(2, 2), List.of(2, 2), 4, 3);
        SwinLayer shifted = new SwinLayer(v1, 8, 2, true, 0, 0, 0, new SplittableRandom(1));
        assertEquals(new SwinWindows.Geometry(5, 9, 4, 2), shifted.geometry(5, 9));
        assertEquals(new SwinWindows.Geometry(4, 9, 4, 0), shifted.geometry(4, 9));   // min(H, W) == window
        SwinConfig v2 = SwinConfig.of(true, 32, 2, 8, List.of(2, 2), List.of(2, 2), 4, 3);
        SwinLayer fixed = new SwinLayer(v2, 8, 2, true, 3, 0, 0, new SplittableRandom(1));
        assertEquals(new SwinWindows.Geometry(5, 9, 3, 0), fixed.geometry(5, 9));      // window min(3, 4), no shift
        assertEquals(3, fixed.attention().self().window());
    }

    @Test
    void evaluationGivesTheSameResultOnConcurrentThreads() throws Exception {
        SwinForImageClassification model = SwinForImageClassification.load(SwinFixtures.folder("swinv2-pad"));
        Tensor pixels = Tensor.randn(new Random(5), DType.F32, 1, 3, 22, 30);
        float[] expected;
        try (dev.gatun.tensor.Autograd.NoGrad ignored = dev.gatun.tensor.Autograd.noGrad()) {
            expected = model.forward(pixels).logits().toFloatArray();
        }
        List<Thread> threads = new java.util.ArrayList<>();
        List<float[]> results = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        for (int t = 0; t < 4; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (dev.gatun.tensor.Scope s = dev.gatun.tensor.Scope.open();
                     dev.gatun.tensor.Autograd.NoGrad ignored = dev.gatun.tensor.Autograd.noGrad()) {
                    results.add(model.forward(pixels).logits().toFloatArray());
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(4, results.size());
        for (float[] r : results) {
            assertArrayEquals(expected, r, 1e-6f);
        }
    }
}
