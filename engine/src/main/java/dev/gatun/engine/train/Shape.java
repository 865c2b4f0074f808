package dev.gatun.engine.train;

import java.util.Locale;

/**
 * The classes of {@link ShapesDataset}: plane figures described in their own unit frame (centre at the
 * origin, size 1, y pointing down), so drawing one is a point-in-shape test per sample point.
 */
public enum Shape {
    CIRCLE, RING, SQUARE, DIAMOND, TRIANGLE, PLUS, CROSS, STAR;

    private static final double[][] TRIANGLE_XY = polygon(3, 1.0, 1.0, -Math.PI / 2);
    private static final double[][] STAR_XY = polygon(10, 1.0, 0.42, -Math.PI / 2);

    /** The class name as {@code id2label} writes it, e.g. {@code "circle"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the point (u, v) of the unit frame lies inside the shape. */
    boolean contains(double u, double v) {
        return switch (this) {
            case CIRCLE -> u * u + v * v <= 1;
            case RING -> {
                double r2 = u * u + v * v;
                yield r2 <= 1 && r2 >= 0.55 * 0.55;
            }
            case SQUARE -> Math.max(Math.abs(u), Math.abs(v)) <= 0.8;
            case DIAMOND -> Math.abs(u) + Math.abs(v) <= 1;
            case TRIANGLE -> inside(TRIANGLE_XY, u, v);
            case PLUS -> bar(u, v, 0.28) || bar(v, u, 0.28);
            case CROSS -> {
                double a = (u + v) * Math.sqrt(0.5);
                double b = (v - u) * Math.sqrt(0.5);
                yield bar(a, b, 0.25) || bar(b, a, 0.25);
            }
            case STAR -> inside(STAR_XY, u, v);
        };
    }

    /** A bar along the x axis: half-length 1, half-width {@code w}. */
    private static boolean bar(double x, double y, double w) {
        return Math.abs(x) <= 1 && Math.abs(y) <= w;
    }

    /**
     * The vertices of a regular polygon (or a star, when the radii alternate) with {@code n} corners, as
     * {@code {xs, ys}}; the first corner at angle {@code start}.
     */
    private static double[][] polygon(int n, double outer, double inner, double start) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            double r = i % 2 == 0 ? outer : inner;
            double a = start + 2 * Math.PI * i / n;
            xs[i] = r * Math.cos(a);
            ys[i] = r * Math.sin(a);
        }
        return new double[][] {xs, ys};
    }

    /** Even-odd rule: count the polygon edges a ray from (x, y) towards +x crosses. */
    private static boolean inside(double[][] polygon, double x, double y) {
        double[] xs = polygon[0];
        double[] ys = polygon[1];
        boolean in = false;
        for (int i = 0, j = xs.length - 1; i < xs.length; j = i++) {
            if ((ys[i] > y) != (ys[j] > y) && x < (xs[j] - xs[i]) * (y - ys[i]) / (ys[j] - ys[i]) + xs[i]) {
                in = !in;
            }
        }
        return in;
    }
}
