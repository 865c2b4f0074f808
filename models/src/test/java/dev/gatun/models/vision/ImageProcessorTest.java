package dev.gatun.models.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageProcessor} against the Hugging Face pipeline restated with Pillow and numpy in
 * {@code make_image_fixtures.py}, on the same decoded pixels.
 */
class ImageProcessorTest {

    private static final double TOLERANCE = 1e-5;

    @Test
    void pixelValuesMatchTheReferencePipeline() {
        int whole = 0;
        int sampled = 0;
        double worst = 0;
        for (Map<String, Object> c : VisionFixtures.cases("pipeline")) {
            String name = c.get("config") + " on " + c.get("image");
            ImageProcessor processor = ImageProcessor.read(VisionFixtures.config((String) c.get("config")));
            RgbImage image = VisionFixtures.pilDecoded((String) c.get("image"));
            if (c.containsKey("error")) {
                GatunException e = assertThrows(GatunException.class, () -> processor.process(List.of(image)), name);
                assertTrue(e.getMessage().contains("height and width must be > 0"), e.getMessage());
                continue;
            }
            Tensor pixelValues = processor.process(List.of(image));
            assertEquals(DType.F32, pixelValues.dtype());
            int[] shape = ((List<?>) c.get("shape")).stream().mapToInt(v -> ((Long) v).intValue()).toArray();
            assertArrayEquals(shape, pixelValues.shape(), name);
            float[] actual = pixelValues.toFloatArray();
            double sum = 0;
            for (float v : actual) {
                sum += v;
            }
            assertEquals((Double) c.get("sum"), sum, 1e-3, name + ": sum of all values");
            if (c.containsKey("values")) {
                float[] expected = VisionFixtures.floats((String) c.get("values"));
                for (int i = 0; i < expected.length; i++) {
                    worst = Math.max(worst, check(expected[i], actual[i], name, i));
                }
                whole++;
            } else {
                int[] indices = VisionFixtures.ints((String) c.get("indices"));
                float[] expected = VisionFixtures.floats((String) c.get("sampled"));
                for (int i = 0; i < indices.length; i++) {
                    worst = Math.max(worst, check(expected[i], actual[indices[i]], name, indices[i]));
                }
                sampled++;
            }
        }
        System.out.printf("pipeline: %d cases compared whole, %d sampled; largest |diff| %.3g%n", whole, sampled, worst);
        assertTrue(whole >= 10 && sampled >= 20, whole + " whole, " + sampled + " sampled");
    }

    private static double check(float expected, float actual, String name, int index) {
        double d = Math.abs((double) expected - actual);
        if (!(d <= TOLERANCE)) {
            throw new AssertionError(name + " at flat index " + index + ": expected " + expected + ", got " + actual);
        }
        return d;
    }

    @Test
    void filesAreDecodedThenProcessedAsABatch() {
        ImageProcessor processor = ImageProcessor.read(VisionFixtures.config("swin_tiny_patch4_window7_224.json"));
        Tensor batch = processor.processFiles(List.of(VisionFixtures.image("rgb_37x23.png"),
                VisionFixtures.image("rgb_33x21.bmp")));
        assertArrayEquals(new int[] {2, 3, 224, 224}, batch.shape());
        float[] all = batch.toFloatArray();
        float[] second = processor.process(List.of(VisionFixtures.pilDecoded("rgb_33x21.bmp"))).toFloatArray();
        assertArrayEquals(second, java.util.Arrays.copyOfRange(all, all.length / 2, all.length));
    }

    @Test
    void imagesOfDifferentShapesCannotShareABatch() {
        ImageProcessor processor = ImageProcessor.read(VisionFixtures.config("no_resize.json"));
        GatunException e = assertThrows(GatunException.class, () -> processor.process(
                List.of(RgbImage.black(4, 3), RgbImage.black(5, 3))));
        assertEquals("image 1 (RgbImage[5x3]) comes out 5x3 but image 0 comes out 4x3; images in one batch must"
                + " come out the same size (use a crop or a {height, width} size)", e.getMessage());
    }

    @Test
    void centerCropPadsWithZerosWhereTheCropIsLarger() {
        // 3 wide, 2 high; values 1..18
        byte[] px = new byte[18];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i + 1);
        }
        RgbImage image = new RgbImage(3, 2, px);
        // crop 1 high (inside: top = floor((2 - 1) / 2) = 0) and 6 wide (pad: left = ceil((6 - 3) / 2) = 2)
        RgbImage out = ImageProcessor.centerCrop(image, 1, 6);
        byte[] expected = {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0};
        assertArrayEquals(expected, out.pixels());
    }
}
