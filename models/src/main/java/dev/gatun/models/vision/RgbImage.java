package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;

/**
 * An 8-bit RGB image held on the heap: {@code height} rows of {@code width} pixels, each pixel three
 * bytes (red, green, blue), rows top to bottom. This is the layout of {@code numpy.array(pil_image)}
 * for an RGB image, shape (height, width, 3), which is what Hugging Face image processors start from.
 *
 * <p>The array is not copied: an {@code RgbImage} is treated as immutable by everything in this
 * package, and callers who keep writing to the array they passed in get what they wrote.
 *
 * @param width pixels per row, at least 1
 * @param height rows, at least 1
 * @param pixels {@code height * width * 3} bytes, read as unsigned
 */
public record RgbImage(int width, int height, byte[] pixels) {

    public RgbImage {
        if (width < 1 || height < 1) {
            throw new GatunException("image size must be at least 1x1, got " + width + "x" + height);
        }
        if (pixels == null || (long) width * height * 3 != pixels.length) {
            throw new GatunException("a " + width + "x" + height + " RGB image needs " + (long) width * height * 3
                    + " bytes, got " + (pixels == null ? "null" : pixels.length));
        }
    }

    /** A black image of the given size. */
    public static RgbImage black(int width, int height) {
        return new RgbImage(width, height, new byte[byteCount(width, height)]);
    }

    /**
     * The bytes a {@code width x height} RGB image takes.
     *
     * @throws GatunException if a side is below 1 or the image would not fit in one Java array
     */
    public static int byteCount(int width, int height) {
        if (width < 1 || height < 1) {
            throw new GatunException("image size must be at least 1x1, got " + width + "x" + height);
        }
        long bytes = (long) width * height * 3;
        if (bytes > Integer.MAX_VALUE - 8) {
            throw new GatunException("a " + width + "x" + height + " RGB image (" + bytes
                    + " bytes) is larger than the 2 GiB an image may take");
        }
        return (int) bytes;
    }

    /** The value 0..255 of channel {@code c} (0 red, 1 green, 2 blue) at column {@code x}, row {@code y}. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
