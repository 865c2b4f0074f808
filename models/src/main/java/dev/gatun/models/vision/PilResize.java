package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;

/**
 * {@code PIL.Image.resize} for 8-bit RGB images, pixel for pixel: a port of the semantics of Pillow's
 * {@code ImagingResample} (convolution filters) and of its nearest-neighbour scaling, so that an
 * image resized here equals the one Hugging Face's image processors get from Pillow.
 *
 * <p>The convolution runs as Pillow runs it:
 * <ol>
 *   <li>Per output coordinate, the source centre is {@code (i + 0.5) * scale} with
 *       {@code scale = in / out}; the kernel is stretched by {@code filterscale = max(scale, 1)}
 *       (antialiasing when shrinking), so it spans {@code support * filterscale} source pixels each
 *       side. The first tap is {@code (int) (centre - support + 0.5)} clamped at 0, the end
 *       {@code (int) (centre + support + 0.5)} clamped at the size; taps outside the image are
 *       dropped and the remaining weights divided by their sum.</li>
 *   <li>The weights are turned into fixed point with 22 fractional bits, rounding half away from
 *       zero; each output value is {@code (2^21 + sum(pixel * weight)) >> 22}, clipped to 0..255.</li>
 *   <li>The horizontal pass runs first, over only the source rows the vertical pass will read, and
 *       stores 8-bit values; the vertical pass reads those. A pass whose size does not change is
 *       skipped; resizing to the same size returns the pixels unchanged.</li>
 * </ol>
 *
 * <p>{@link Resampling#NEAREST} follows Pillow's affine scaling: source column
 * {@code (int) x} where {@code x} starts at {@code scale / 2} and grows by {@code scale} per output
 * pixel, accumulated in double precision as Pillow accumulates it.
 *
 * {@snippet :
 * RgbImage small = PilResize.resize(image, 224, 224, Resampling.BILINEAR);
 * }
 */
public final class PilResize {

    /** Fractional bits of the fixed-point weights: 32 - 8 (pixel) - 2 (headroom for negative lobes). */
    static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {
    }

    /**
     * The image resized to {@code width x height} with a Pillow filter.
     *
     * @throws GatunException if a target size is below 1
     */
    public static RgbImage resize(RgbImage image, int width, int height, Resampling filter) {
        if (width < 1 || height < 1) {
            throw new GatunException("resize target must be at least 1x1, got " + width + "x" + height
                    + " (from a " + image.width() + "x" + image.height() + " image)");
        }
        RgbImage.byteCount(width, height);
        if (width == image.width() && height == image.height()) {
            return new RgbImage(width, height, image.pixels().clone());
        }
        if (filter == Resampling.NEAREST) {
            return nearest(image, width, height);
        }
        return convolve(image, width, height, filter);
    }

    /**
     * Per output coordinate, the first source index and the fixed-point weights of the taps from there
     * on: Pillow's {@code precompute_coeffs} followed by {@code normalize_coeffs_8bpc}.
     *
     * @param first the first source index of each output coordinate
     * @param weights the weights of each output coordinate, as many as it has taps
     */
    record Coefficients(int[] first, int[][] weights) {

        static Coefficients of(int inSize, int outSize, Resampling filter) {
            double scale = (double) inSize / outSize;
            double filterscale = Math.max(scale, 1.0);
            double support = filter.support() * filterscale;
            double ss = 1.0 / filterscale;
            int[] first = new int[outSize];
            int[][] weights = new int[outSize][];
            double[] k = new double[(int) Math.ceil(support) * 2 + 1];
            for (int xx = 0; xx < outSize; xx++) {
                double center = (xx + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int count = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0.0;
                for (int x = 0; x < count; x++) {
                    double w = filter.kernel((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                int[] fixed = new int[count];
                for (int x = 0; x < count; x++) {
                    double w = ww != 0.0 ? k[x] / ww : k[x];
                    fixed[x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
                }
                first[xx] = xmin;
                weights[xx] = fixed;
            }
            return new Coefficients(first, weights);
        }

        /** One past the last source index any output coordinate reads. */
        int end() {
            int last = first.length - 1;
            return first[last] + weights[last].length;
        }
    }

    private static RgbImage convolve(RgbImage image, int width, int height, Resampling filter) {
        Coefficients vertical = Coefficients.of(image.height(), height, filter);
        RgbImage source = image;
        int rowOffset = 0;
        if (width != image.width()) {
            // only the rows the vertical pass reads: [first row of output row 0, end of the last one)
            rowOffset = vertical.first()[0];
            int rows = vertical.end() - rowOffset;
            source = horizontal(image, rowOffset, rows, Coefficients.of(image.width(), width, filter));
        }
        if (height == image.height()) {
            return source;
        }
        return vertical(source, rowOffset, vertical, height);
    }

    /** The horizontal pass over {@code rows} source rows from {@code rowOffset}: (rows, out width, 3). */
    private static RgbImage horizontal(RgbImage in, int rowOffset, int rows, Coefficients c) {
        int outWidth = c.first().length;
        byte[] src = in.pixels();
        byte[] dst = new byte[RgbImage.byteCount(outWidth, rows)];
        int half = 1 << (PRECISION_BITS - 1);
        for (int y = 0; y < rows; y++) {
            int rowStart = (y + rowOffset) * in.width() * 3;
            for (int xx = 0; xx < outWidth; xx++) {
                int[] k = c.weights()[xx];
                int base = rowStart + c.first()[xx] * 3;
                int r = half;
                int g = half;
                int b = half;
                for (int x = 0; x < k.length; x++) {
                    int p = base + x * 3;
                    r += (src[p] & 0xFF) * k[x];
                    g += (src[p + 1] & 0xFF) * k[x];
                    b += (src[p + 2] & 0xFF) * k[x];
                }
                int o = (y * outWidth + xx) * 3;
                dst[o] = clip8(r);
                dst[o + 1] = clip8(g);
                dst[o + 2] = clip8(b);
            }
        }
        return new RgbImage(outWidth, rows, dst);
    }

    /** The vertical pass; {@code in}'s row 0 is source row {@code rowOffset}. */
    private static RgbImage vertical(RgbImage in, int rowOffset, Coefficients c, int outHeight) {
        int width = in.width();
        int stride = width * 3;
        byte[] src = in.pixels();
        byte[] dst = new byte[RgbImage.byteCount(width, outHeight)];
        int half = 1 << (PRECISION_BITS - 1);
        for (int yy = 0; yy < outHeight; yy++) {
            int[] k = c.weights()[yy];
            int top = (c.first()[yy] - rowOffset) * stride;
            for (int i = 0; i < stride; i++) {
                int acc = half;
                for (int y = 0; y < k.length; y++) {
                    acc += (src[top + y * stride + i] & 0xFF) * k[y];
                }
                dst[yy * stride + i] = clip8(acc);
            }
        }
        return new RgbImage(width, outHeight, dst);
    }

    private static byte clip8(int fixed) {
        int v = fixed >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /** Pillow's nearest-neighbour scaling ({@code ImagingScaleAffine}). */
    private static RgbImage nearest(RgbImage in, int width, int height) {
        int[] columns = nearestIndices(in.width(), width);
        int[] rows = nearestIndices(in.height(), height);
        byte[] src = in.pixels();
        byte[] dst = new byte[RgbImage.byteCount(width, height)];
        for (int y = 0; y < height; y++) {
            int rowStart = rows[y] * in.width();
            for (int x = 0; x < width; x++) {
                System.arraycopy(src, (rowStart + columns[x]) * 3, dst, (y * width + x) * 3, 3);
            }
        }
        return new RgbImage(width, height, dst);
    }

    private static int[] nearestIndices(int inSize, int outSize) {
        double step = (double) inSize / outSize;
        double position = step * 0.5;
        int[] index = new int[outSize];
        for (int i = 0; i < outSize; i++) {
            // the accumulated position stays inside [0, inSize); the clamp only guards rounding
            index[i] = Math.min((int) position, inSize - 1);
            position += step;
        }
        return index;
    }
}
