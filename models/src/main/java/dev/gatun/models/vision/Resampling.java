package dev.gatun.models.vision;

import dev.gatun.tensor.GatunException;

import java.util.Arrays;

/**
 * Pillow's resampling filters, numbered as {@code PIL.Image.Resampling} numbers them and as
 * {@code preprocessor_config.json} stores them under {@code resample}.
 *
 * <p>Each convolution filter is a kernel {@code k(x)} with a support (half-width, in source pixels at
 * scale 1): box 0.5, bilinear (triangle) 1, Hamming 1, bicubic (Keys, a = -0.5) 2, Lanczos 3. When
 * shrinking, {@link PilResize} stretches the kernel by the downscale factor, which is what makes the
 * resize antialiased. {@link #NEAREST} is not a convolution: it picks one source pixel.
 */
public enum Resampling {
    NEAREST(0, 0.0),
    LANCZOS(1, 3.0),
    BILINEAR(2, 1.0),
    BICUBIC(3, 2.0),
    BOX(4, 0.5),
    HAMMING(5, 1.0);

    private final int pilId;
    private final double support;

    Resampling(int pilId, double support) {
        this.pilId = pilId;
        this.support = support;
    }

    /** The number Pillow gives this filter ({@code Image.Resampling.BILINEAR == 2}). */
    public int pilId() {
        return pilId;
    }

    /** The half-width of the kernel at scale 1; 0 for {@link #NEAREST}. */
    public double support() {
        return support;
    }

    /** The filter Pillow numbers {@code id}. */
    public static Resampling ofPil(int id) {
        for (Resampling r : values()) {
            if (r.pilId == id) {
                return r;
            }
        }
        throw new GatunException("resample " + id + " is not a Pillow filter; expected one of "
                + Arrays.stream(values()).map(r -> r.pilId + " (" + r.name().toLowerCase() + ")").toList());
    }

    /**
     * The kernel's weight at {@code x} source pixels from the centre, exactly as Pillow's
     * {@code Resample.c} computes it in double precision (the Hamming window's constants are C
     * {@code float}s there, and are here too).
     */
    public double kernel(double x) {
        return switch (this) {
            case NEAREST -> throw new GatunException("nearest-neighbour resampling has no convolution kernel");
            case BOX -> x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR -> {
                double ax = Math.abs(x);
                yield ax < 1.0 ? 1.0 - ax : 0.0;
            }
            case HAMMING -> {
                double ax = Math.abs(x);
                if (ax == 0.0) {
                    yield 1.0;
                }
                if (ax >= 1.0) {
                    yield 0.0;
                }
                double px = ax * Math.PI;
                yield StrictMath.sin(px) / px * (0.54f + 0.46f * StrictMath.cos(px));
            }
            case BICUBIC -> {
                final double a = -0.5;
                double ax = Math.abs(x);
                if (ax < 1.0) {
                    yield ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
                }
                if (ax < 2.0) {
                    yield (((ax - 5) * ax + 8) * ax - 4) * a;
                }
                yield 0.0;
            }
            case LANCZOS -> -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
        };
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        double px = x * Math.PI;
        return StrictMath.sin(px) / px;
    }
}
