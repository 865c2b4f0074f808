package dev.gatun.engine.train;

import dev.gatun.models.vision.RgbImage;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Images of plane figures (the classes of {@link Shape}) generated on demand: each has a random size,
 * position, small rotation, foreground colour brighter than its background colour, and
 * Gaussian pixel noise. The same random generator state gives the same image, so a seed fixes a whole
 * data set and a held-out set is simply another seed.
 *
 * <p>Images become model inputs through the {@link dev.gatun.models.vision.ImageProcessor} that the
 * trained model's folder describes, so training sees exactly the pixel values that classifying the
 * saved PNGs produces.
 *
 * {@snippet :
 * ShapesDataset data = new ShapesDataset(32);
 * List<ShapesDataset.Sample> batch = data.batch(new SplittableRandom(1), 64);
 * Tensor pixels = processor.process(ShapesDataset.images(batch));   // (64, 3, 32, 32)
 * Tensor labels = ShapesDataset.labels(batch);                      // (64) I64
 * }
 */
public final class ShapesDataset {
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

    /** One image and its class. */
    public record Sample(Shape shape, RgbImage image) {
        /** The image for {@link javax.imageio.ImageIO}, e.g. to save as PNG. */
        public BufferedImage toBufferedImage() {
            BufferedImage out = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    out.setRGB(x, y, image.get(x, y, 0) << 16 | image.get(x, y, 1) << 8 | image.get(x, y, 2));
                }
            }
            return out;
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
        } while (luma(foreground) - luma(background) < 80);
        byte[] rgb = new byte[s * s * 3];
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
                for (int c = 0; c < 3; c++) {
                    double v = background[c] + f * (foreground[c] - background[c]) + noise * rng.nextGaussian();
                    rgb[(y * s + x) * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v)));
                }
            }
        }
        return new Sample(shape, new RgbImage(s, s, rgb));
    }

    private static void randomColour(RandomGenerator rng, int[] rgb) {
        for (int c = 0; c < 3; c++) {
            rgb[c] = rng.nextInt(256);
        }
    }

    private static double luma(int[] rgb) {
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }

        /** The images of a batch, in order. */
    public static List<RgbImage> images(List<Sample> batch) {
        return batch.stream().map(Sample::image).toList();
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
