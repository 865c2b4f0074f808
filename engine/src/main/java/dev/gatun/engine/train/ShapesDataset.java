package dev.gatun.engine.train;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Images of plane figures (the classes of {@link Shape}) generated on demand: each has a random size,
 * position, small rotation, foreground and background colour with enough contrast between them, and
 * Gaussian pixel noise. The same random generator state gives the same image, so a seed fixes a whole
 * data set and a held-out set is simply another seed.
 *
 * <p>Pixels become model inputs as Hugging Face's {@code ViTImageProcessor} would make them from the
 * saved PNGs: rescaled by 1/255, then normalised with mean 0.5 and standard deviation 0.5 per channel
 * ({@link #MEAN}, {@link #STD}).
 *
 * {@snippet :
 * ShapesDataset data = new ShapesDataset(32);
 * List<ShapesDataset.Sample> batch = data.batch(new SplittableRandom(1), 64);
 * Tensor pixels = ShapesDataset.pixelValues(batch);   // (64, 3, 32, 32)
 * Tensor labels = ShapesDataset.labels(batch);        // (64) I64
 * }
 */
public final class ShapesDataset {
    /** The per-channel mean the pixel values are normalised with. */
    public static final double MEAN = 0.5;
    /** The per-channel standard deviation the pixel values are normalised with. */
    public static final double STD = 0.5;
    /** Sample points per pixel side: each pixel's coverage is measured on a 3×3 grid, for smooth edges. */
    private static final int SUPERSAMPLE = 3;
    /** Rotations stay within ±12 degrees, so a square never turns into a diamond. */
    private static final double MAX_ROTATION = Math.toRadians(12);

    private final int imageSize;
    private final double noise;

    /** Images of {@code imageSize}² pixels with noise of standard deviation 8 (of 255). */
    public ShapesDataset(int imageSize) {
        this(imageSize, 8.0);
    }

    /**
     * @param imageSize the side of the square images, at least 8 pixels
     * @param noise     the standard deviation of the per-channel Gaussian noise, in 0..255 units
     */
    public ShapesDataset(int imageSize, double noise) {
        if (imageSize < 8 || !(noise >= 0)) {
            throw new GatunException("shapes images need a size of at least 8 pixels and noise >= 0, got size "
                    + imageSize + " and noise " + noise);
        }
        this.imageSize = imageSize;
        this.noise = noise;
    }

    /** One image: its class and its pixels, row by row, packed {@code 0xRRGGBB}. */
    public record Sample(Shape shape, int size, int[] rgb) {
        /** The image for {@link javax.imageio.ImageIO}, e.g. to save as PNG. */
        public BufferedImage toImage() {
            BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, size, size, rgb, 0, size);
            return image;
        }
    }

    /** The class names, indexed by class id. */
    public static List<String> labelNames() {
        return Arrays.stream(Shape.values()).map(Shape::label).toList();
    }

    /** The side of the images in pixels. */
    public int imageSize() {
        return imageSize;
    }

    /** {@code n} images of random classes. */
    public List<Sample> batch(RandomGenerator rng, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(rng, Shape.values()[rng.nextInt(Shape.values().length)]));
        }
        return out;
    }

    /** {@code n} images cycling through the classes in order, so every class is equally represented. */
    public List<Sample> balanced(RandomGenerator rng, int n) {
        List<Sample> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(rng, Shape.values()[i % Shape.values().length]));
        }
        return out;
    }

    /** One image of {@code shape}. */
    public Sample sample(RandomGenerator rng, Shape shape) {
        int s = imageSize;
        double radius = s * (0.22 + 0.2 * rng.nextDouble());
        double cx = radius + (s - 2 * radius) * rng.nextDouble();
        double cy = radius + (s - 2 * radius) * rng.nextDouble();
        double angle = MAX_ROTATION * (2 * rng.nextDouble() - 1);
        double cos = Math.cos(angle) / radius;
        double sin = Math.sin(angle) / radius;
        int[] background = new int[3];
        int[] foreground = new int[3];
        do {
            randomColour(rng, background);
            randomColour(rng, foreground);
        } while (Math.abs(luma(foreground) - luma(background)) < 60);
        int[] rgb = new int[s * s];
        int samples = SUPERSAMPLE * SUPERSAMPLE;
        for (int y = 0; y < s; y++) {
            for (int x = 0; x < s; x++) {
                int covered = 0;
                for (int sy = 0; sy < SUPERSAMPLE; sy++) {
                    for (int sx = 0; sx < SUPERSAMPLE; sx++) {
                        double dx = x + (sx + 0.5) / SUPERSAMPLE - cx;
                        double dy = y + (sy + 0.5) / SUPERSAMPLE - cy;
                        // Into the unit frame: rotate by -angle and divide by the radius.
                        if (shape.contains(cos * dx + sin * dy, -sin * dx + cos * dy)) {
                            covered++;
                        }
                    }
                }
                double f = (double) covered / samples;
                int packed = 0;
                for (int c = 0; c < 3; c++) {
                    double v = background[c] + f * (foreground[c] - background[c]) + noise * rng.nextGaussian();
                    packed = packed << 8 | (int) Math.max(0, Math.min(255, Math.round(v)));
                }
                rgb[y * s + x] = packed;
            }
        }
        return new Sample(shape, s, rgb);
    }

    private static void randomColour(RandomGenerator rng, int[] rgb) {
        for (int c = 0; c < 3; c++) {
            rgb[c] = rng.nextInt(256);
        }
    }

    private static double luma(int[] rgb) {
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }

    /** The images as model input: (B, 3, S, S) F32, rescaled by 1/255 and normalised with {@link #MEAN}, {@link #STD}. */
    public static Tensor pixelValues(List<Sample> batch) {
        int s = batch.getFirst().size();
        int plane = s * s;
        float[] values = new float[batch.size() * 3 * plane];
        float scale = (float) (1 / 255.0);
        for (int b = 0; b < batch.size(); b++) {
            int[] rgb = batch.get(b).rgb();
            for (int c = 0; c < 3; c++) {
                int shift = 16 - 8 * c;
                int base = (b * 3 + c) * plane;
                for (int i = 0; i < plane; i++) {
                    float rescaled = ((rgb[i] >> shift) & 0xFF) * scale;
                    values[base + i] = (float) ((rescaled - MEAN) / STD);
                }
            }
        }
        return Tensor.of(values, batch.size(), 3, s, s);                    // (B, 3, S, S)
    }

    /** The class ids of the images, (B) I64. */
    public static Tensor labels(List<Sample> batch) {
        long[] ids = new long[batch.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = batch.get(i).shape().ordinal();
        }
        return Tensor.of(ids);
    }
}
