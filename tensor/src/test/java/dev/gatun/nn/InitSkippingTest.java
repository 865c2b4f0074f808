package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Init#skipping()}: layers built inside it keep zero parameters; outside, initialisers run again. */
class InitSkippingTest {

    @Test
    void layersBuiltWhileSkippingStayZero() {
        Linear skipped;
        try (Init.Skipping outer = Init.skipping()) {
            try (Init.Skipping inner = Init.skipping()) {
                skipped = new Linear(7, 5, true, new SplittableRandom(1));
            }
            Embedding alsoSkipped = new Embedding(9, 3, new SplittableRandom(2));   // still inside the outer handle
            assertArrayEquals(new float[27], alsoSkipped.weight().toFloatArray());
        }
        assertArrayEquals(new float[35], skipped.weight().toFloatArray());
        assertArrayEquals(new float[5], skipped.bias().toFloatArray());
        Linear drawn = new Linear(7, 5, true, new SplittableRandom(1));
        float[] w = drawn.weight().toFloatArray();
        boolean anyNonZero = false;
        for (float v : w) {
            anyNonZero |= v != 0f;
        }
        assertTrue(anyNonZero, "initialisers run again once the handle is closed");
    }
}
