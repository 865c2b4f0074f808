package dev.gatun.models.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Properties of {@link PilResize} that hold for every filter and every size. */
class PilResizeProperties {

    @Property(tries = 200)
    void resizingToTheSameSizeIsTheIdentity(@ForAll @IntRange(min = 1, max = 40) int width,
                                            @ForAll @IntRange(min = 1, max = 40) int height,
                                            @ForAll Resampling filter, @ForAll long seed) {
        byte[] px = new byte[width * height * 3];
        new Random(seed).nextBytes(px);
        RgbImage image = new RgbImage(width, height, px);
        RgbImage out = PilResize.resize(image, width, height, filter);
        assertEquals(width, out.width());
        assertEquals(height, out.height());
        assertArrayEquals(px, out.pixels());
    }

    /**
     * The fixed-point weights of one output pixel sum to 2^22 up to rounding of a few units, far below
     * the 2^21 that would move the result, so a constant image stays that constant at any size; the
     * negative lobes of bicubic and Lanczos cancel exactly on flat input.
     */
    @Property(tries = 300)
    void aConstantImageStaysConstant(@ForAll @IntRange(min = 1, max = 30) int width,
                                     @ForAll @IntRange(min = 1, max = 30) int height,
                                     @ForAll @IntRange(min = 1, max = 70) int outWidth,
                                     @ForAll @IntRange(min = 1, max = 70) int outHeight,
                                     @ForAll @IntRange(min = 0, max = 255) int r,
                                     @ForAll @IntRange(min = 0, max = 255) int g,
                                     @ForAll @IntRange(min = 0, max = 255) int b,
                                     @ForAll Resampling filter) {
        byte[] px = new byte[width * height * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) r;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) b;
        }
        RgbImage out = PilResize.resize(new RgbImage(width, height, px), outWidth, outHeight, filter);
        assertEquals(outWidth, out.width());
        assertEquals(outHeight, out.height());
        for (int y = 0; y < outHeight; y++) {
            for (int x = 0; x < outWidth; x++) {
                assertEquals(r, out.get(x, y, 0), "red at " + x + "," + y);
                assertEquals(g, out.get(x, y, 1), "green at " + x + "," + y);
                assertEquals(b, out.get(x, y, 2), "blue at " + x + "," + y);
            }
        }
    }
}
