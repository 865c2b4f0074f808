package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Reads image files into {@link RgbImage}s with the JDK's ImageIO (PNG, JPEG, BMP, GIF, TIFF, WBMP),
 * converting to RGB the way Pillow's {@code Image.open(path).convert("RGB")} does:
 *
 * <ul>
 *   <li>RGB stays as it is; an alpha channel is dropped, not blended (RGBA, LA, palette
 *       transparency);</li>
 *   <li>grayscale is copied to all three channels; palette images are looked up in their palette;</li>
 *   <li>16-bit colour samples keep their high byte (Pillow opens 16-bit RGB PNGs as 8-bit RGB that
 *       way), but a 16-bit grayscale image without alpha is Pillow's 32-bit integer mode {@code I},
 *       whose conversion to RGB clips each value to 0..255.</li>
 * </ul>
 *
 * <p>Pixels are read from the raster as stored, so no colour management is applied (neither does
 * Pillow). JPEG decoders differ in their inverse DCT and chroma upsampling, so a JPEG decoded here is
 * close to, but not always bit-identical with, Pillow's (libjpeg) pixels. A JPEG's EXIF orientation is
 * applied unless asked not to; other formats' EXIF data is not read.
 * Colour spaces other than RGB and gray (CMYK, YCCK) are refused with a clear error.
 *
 * {@snippet :
 * RgbImage image = ImageDecoder.read(Path.of("cat.jpg"));
 * }
 */
public final class ImageDecoder {

    private ImageDecoder() {
    }

    /**
     * Decodes an image file and turns it upright by its EXIF orientation, as Hugging Face's
     * {@code load_image} does ({@code ImageOps.exif_transpose}, then {@code convert("RGB")}).
     *
     * @throws GatunException if the file is missing or unreadable, is not an image ImageIO can read, or
     *     holds pixels in a form this decoder does not convert; the message names the file
     */
    public static RgbImage read(Path path) {
        return read(path, true);
    }

    /**
     * Decodes an image file; with {@code applyExifOrientation} false the pixels stay as stored, as
     * {@code Image.open(path).convert("RGB")} gives them.
     *
     * @throws GatunException as {@link #read(Path)}
     */
    public static RgbImage read(Path path, boolean applyExifOrientation) {
        if (!Files.exists(path)) {
            throw new GatunException(path + ": no such image file");
        }
        if (!Files.isRegularFile(path)) {
            throw new GatunException(path + ": not a regular file, expected an image");
        }
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            throw new GatunException(path + ": cannot read the file: " + e.getMessage(), e);
        }
        return decode(data, path.toString(), applyExifOrientation);
    }

    /**
     * Decodes an image held in memory; {@code source} names it in error messages.
     *
     * @throws GatunException if the bytes are not an image this decoder reads
     */
    public static RgbImage decode(byte[] data, String source, boolean applyExifOrientation) {
        RgbImage image;
        try {
            image = decode(new ByteArrayInputStream(data), source);
        } catch (IOException e) {
            throw new GatunException(source + ": cannot read the image: " + e.getMessage(), e);
        }
        return applyExifOrientation ? ExifOrientation.apply(image, ExifOrientation.of(data)) : image;
    }

    private static RgbImage decode(InputStream stream, String source) throws IOException {
        // a memory cache: no temporary files, and no global ImageIO setting to change
        try (ImageInputStream in = new MemoryCacheImageInputStream(stream)) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new GatunException(source + ": not an image in a format Gatun reads; expected one of "
                        + String.join(", ", readerFormats()));
            }
            ImageReader reader = readers.next();
            String format = reader.getFormatName().toUpperCase(Locale.ROOT);
            BufferedImage image;
            try {
                reader.setInput(in, true, true);
                RgbImage.byteCount(reader.getWidth(0), reader.getHeight(0));  // refuse before allocating
                image = reader.read(0);
            } catch (IOException | RuntimeException e) {
                throw new GatunException(source + ": cannot decode the " + format + " image: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
            return toRgb(image, source + " (" + format + ")");
        }
    }

    private static String[] readerFormats() {
        return Arrays.stream(ImageIO.getReaderFormatNames())
                .map(s -> s.toUpperCase(Locale.ROOT)).distinct().sorted().toArray(String[]::new);
    }

    /**
     * A decoded image's pixels as RGB, by Pillow's {@code convert("RGB")} rules (see the class
     * comment); {@code source} names the image in error messages.
     */
    public static RgbImage toRgb(BufferedImage image, String source) {
        int width = image.getWidth();
        int height = image.getHeight();
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        byte[] out = new byte[RgbImage.byteCount(width, height)];
        if (cm instanceof IndexColorModel palette) {
            for (int y = 0, o = 0; y < height; y++) {
                for (int x = 0; x < width; x++, o += 3) {
                    int index = raster.getSample(x, y, 0);
                    out[o] = (byte) palette.getRed(index);
                    out[o + 1] = (byte) palette.getGreen(index);
                    out[o + 2] = (byte) palette.getBlue(index);
                }
            }
        } else if (cm instanceof ComponentColorModel) {
            componentsToRgb(cm, raster, out, source);
        } else {
            // packed pixels (e.g. 16-bit BMP): the colour model's own scaling to 8 bits
            for (int y = 0, o = 0; y < height; y++) {
                for (int x = 0; x < width; x++, o += 3) {
                    Object pixel = raster.getDataElements(x, y, null);
                    out[o] = (byte) cm.getRed(pixel);
                    out[o + 1] = (byte) cm.getGreen(pixel);
                    out[o + 2] = (byte) cm.getBlue(pixel);
                }
            }
        }
        return new RgbImage(width, height, out);
    }

    private static void componentsToRgb(ColorModel cm, Raster raster, byte[] out, String source) {
        int colors = cm.getNumColorComponents();
        int spaceType = cm.getColorSpace().getType();
        boolean gray = colors == 1 && spaceType == ColorSpace.TYPE_GRAY;
        if (!gray && !(colors == 3 && spaceType == ColorSpace.TYPE_RGB)) {
            throw new GatunException(source + ": colour space with " + colors + " components (type " + spaceType
                    + ") is not supported; expected RGB or grayscale");
        }
        int transfer = raster.getTransferType();
        if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT) {
            throw new GatunException(source + ": " + DataBuffer.getDataTypeSize(transfer)
                    + "-bit samples of data type " + transfer + " are not supported; expected 8 or 16 bits");
        }
        boolean wide = transfer == DataBuffer.TYPE_USHORT;
        // Pillow: 16-bit gray without alpha is mode I, clipped to 0..255; other 16-bit data keep the high byte
        boolean clipWide = wide && gray && !cm.hasAlpha();
        int width = raster.getWidth();
        int height = raster.getHeight();
        int[] row = new int[width * raster.getNumBands()];
        int bands = raster.getNumBands();
        for (int y = 0, o = 0; y < height; y++) {
            raster.getPixels(0, y, width, 1, row);
            for (int x = 0; x < width; x++, o += 3) {
                int base = x * bands;
                for (int c = 0; c < 3; c++) {
                    int v = row[base + (gray ? 0 : c)];
                    if (wide) {
                        v = clipWide ? Math.min(v, 255) : v >>> 8;
                    }
                    out[o + c] = (byte) v;
                }
            }
        }
    }
}
