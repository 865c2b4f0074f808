package dev.gatun.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ShapesDatasetTest {
    @Test
    void sameSeedSameImagesOtherSeedOtherImages() {
        ShapesDataset data = new ShapesDataset(32);
        List<ShapesDataset.Sample> a = data.batch(new SplittableRandom(4), 5);
        List<ShapesDataset.Sample> b = data.batch(new SplittableRandom(4), 5);
        List<ShapesDataset.Sample> c = data.batch(new SplittableRandom(5), 5);
        for (int i = 0; i < 5; i++) {
            assertEquals(a.get(i).shape(), b.get(i).shape());
            assertArrayEquals(a.get(i).image().pixels(), b.get(i).image().pixels());
            assertFalse(Arrays.equals(a.get(i).image().pixels(), c.get(i).image().pixels()));
        }
    }

    @Test
    void balancedSetsCycleThroughTheClasses() {
        List<ShapesDataset.Sample> s = new ShapesDataset(16).balanced(new SplittableRandom(1), 16);
        for (int i = 0; i < 16; i++) {
            assertEquals(Shape.values()[i % 8], s.get(i).shape());
        }
        assertEquals(List.of(0L, 1L, 2L), Arrays.stream(ShapesDataset.labels(s.subList(0, 3)).toLongArray()).boxed().toList());
    }

    @Test
    void shapesCoverTheCentreDifferently() {
        // Without noise, the centre pixel shows the foreground for filled shapes and the background for the ring.
        assertTrue(Shape.CIRCLE.contains(0, 0) && Shape.SQUARE.contains(0, 0) && Shape.STAR.contains(0, 0));
        assertFalse(Shape.RING.contains(0, 0));
        assertTrue(Shape.RING.contains(0.8, 0));
        assertTrue(Shape.SQUARE.contains(0.75, 0.75) && !Shape.DIAMOND.contains(0.75, 0.75));
        assertTrue(Shape.PLUS.contains(0.9, 0) && !Shape.CROSS.contains(0.9, 0));
        assertTrue(Shape.CROSS.contains(0.6, 0.6) && !Shape.PLUS.contains(0.6, 0.6));
        assertTrue(Shape.TRIANGLE.contains(0, 0.4) && !Shape.TRIANGLE.contains(0, -0.9 - 0.2));
    }

    @Test
    void foregroundIsBrighterThanBackground() {
        ShapesDataset data = new ShapesDataset(32, 0);
        ShapesDataset.Sample s = data.sample(new SplittableRandom(9), Shape.SQUARE);
        int corner = s.image().get(0, 0, 0) + s.image().get(0, 0, 1) + s.image().get(0, 0, 2);
        int brightest = 0;
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                brightest = Math.max(brightest, s.image().get(x, y, 0) + s.image().get(x, y, 1) + s.image().get(x, y, 2));
            }
        }
        assertTrue(brightest > corner, "the square is not brighter than the background");
    }
}
