package dev.gatun.models.vision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageDecoder} against Pillow's {@code Image.open(path).convert("RGB")}. */
class ImageDecoderTest {

    @Test
    void losslessFormatsDecodeToPillowsRgbPixels() {
        int checked = 0;
        for (Map<String, Object> c : VisionFixtures.cases("decoded")) {
            String name = (String) c.get("image");
            if (name.endsWith(".jpg")) {
                continue;
            }
            RgbImage expected = VisionFixtures.rgb((String) c.get("data"));
            RgbImage actual = ImageDecoder.read(VisionFixtures.image(name), false);
            assertEquals(expected.width(), actual.width(), name);
            assertEquals(expected.height(), actual.height(), name);
            assertArrayEquals(expected.pixels(), actual.pixels(), name + " (Pillow mode " + c.get("pil_mode") + ")");
            checked++;
        }
        // RGB PNGs, RGBA, L, P, 16-bit gray (Pillow mode I), 16-bit RGB, BMP
        assertEquals(10, checked);
    }

    /**
     * JPEG decoders may differ in the inverse DCT, chroma upsampling and YCbCr rounding, so JPEG pixels
     * are compared with a tolerance: mean absolute difference at most 1.5 levels and no byte more than
     * 12 levels apart. Measured on these fixtures (a 4:2:0 colour JPEG and a gray one) with JDK 25's
     * ImageIO against Pillow 9.4: mean 0, max 0, as both use the IJG integer IDCT and fancy upsampling.
     * Processing is checked on Pillow's decoded pixels, so it does not depend on this.
     */
    @Test
    void jpegDecodesCloseToPillow() {
        for (String name : new String[] {"photo_48x40.jpg", "gray_20x16.jpg"}) {
            assertJpegClose(VisionFixtures.pilDecoded(name), ImageDecoder.read(VisionFixtures.image(name), false), name);
        }
    }

    /** EXIF orientations 2..8 against {@code ImageOps.exif_transpose(image).convert("RGB")}. */
    @Test
    void exifOrientationTurnsJpegsUpright() {
        int checked = 0;
        for (Map<String, Object> c : VisionFixtures.cases("upright")) {
            String name = (String) c.get("image");
            RgbImage upright = ImageDecoder.read(VisionFixtures.image(name));
            assertJpegClose(VisionFixtures.rgb((String) c.get("data")), upright, name);
            RgbImage stored = ImageDecoder.read(VisionFixtures.image(name), false);
            assertEquals(12, stored.width(), name);
            assertEquals(8, stored.height(), name);
            checked++;
        }
        assertEquals(7, checked);
    }

    private static void assertJpegClose(RgbImage expected, RgbImage actual, String name) {
        assertEquals(expected.width(), actual.width(), name + " width");
        assertEquals(expected.height(), actual.height(), name + " height");
        long sum = 0;
        int max = 0;
        for (int i = 0; i < expected.pixels().length; i++) {
            int d = Math.abs((expected.pixels()[i] & 0xFF) - (actual.pixels()[i] & 0xFF));
            sum += d;
            max = Math.max(max, d);
        }
        double mean = (double) sum / expected.pixels().length;
        System.out.printf("%s: ImageIO vs Pillow mean |diff| %.4f, max %d%n", name, mean, max);
        assertTrue(mean <= 1.5, name + ": mean |diff| " + mean);
        assertTrue(max <= 12, name + ": max |diff| " + max);
    }

    @Test
    void missingFileIsNamed() {
        Path missing = VisionFixtures.image("no_such_image.png");
        GatunException e = assertThrows(GatunException.class, () -> ImageDecoder.read(missing));
        assertEquals(missing + ": no such image file", e.getMessage());
    }

    @Test
    void textFileIsNotAnImage() {
        Path text = VisionFixtures.image("not_an_image.png");
        GatunException e = assertThrows(GatunException.class, () -> ImageDecoder.read(text));
        assertTrue(e.getMessage().startsWith(text + ": not an image in a format Gatun reads; expected one of "),
                e.getMessage());
        assertTrue(e.getMessage().contains("PNG") && e.getMessage().contains("JPEG"), e.getMessage());
    }

    @Test
    void directoryIsNotAnImage(@TempDir Path dir) {
        GatunException e = assertThrows(GatunException.class, () -> ImageDecoder.read(dir));
        assertEquals(dir + ": not a regular file, expected an image", e.getMessage());
    }

    @Test
    void truncatedPngIsAClearError(@TempDir Path dir) throws Exception {
        byte[] png = Files.readAllBytes(VisionFixtures.image("rgb_64x48.png"));
        Path cut = dir.resolve("cut.png");
        Files.write(cut, java.util.Arrays.copyOf(png, png.length / 2));
        GatunException e = assertThrows(GatunException.class, () -> ImageDecoder.read(cut));
        assertTrue(e.getMessage().startsWith(cut + ": cannot decode the PNG image: "), e.getMessage());
    }

    @Test
    void bytesInMemoryDecodeLikeTheFile() throws Exception {
        Path file = VisionFixtures.image("palette_40x30.png");
        RgbImage fromBytes = ImageDecoder.decode(Files.readAllBytes(file), "palette bytes", true);
        assertArrayEquals(VisionFixtures.pilDecoded("palette_40x30.png").pixels(), fromBytes.pixels());
        GatunException e = assertThrows(GatunException.class,
                () -> ImageDecoder.decode(new byte[] {1, 2, 3}, "three bytes", true));
        assertTrue(e.getMessage().startsWith("three bytes: not an image"), e.getMessage());
    }
}
