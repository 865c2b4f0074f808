package dev.gatun.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/**
 * The error function against an independent computation: Simpson's rule on {@code 2/sqrt(pi) e^{-t^2}},
 * fine enough to be exact to about 1e-15.
 */
class ErfTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** erf(x) by composite Simpson's rule with {@code intervals} (even) subintervals of [0, x], summed with Kahan's compensation. */
    static double simpson(double x, int intervals) {
        double h = x / intervals;
        double sum = 0;
        double compensation = 0;
        for (int i = 0; i <= intervals; i++) {
            double t = i * h;
            double weight = i == 0 || i == intervals ? 1 : (i % 2 == 1 ? 4 : 2);
            double term = weight * Math.exp(-t * t) - compensation;
            double next = sum + term;
            compensation = (next - sum) - term;
            sum = next;
        }
        return 2 / Math.sqrt(Math.PI) * sum * h / 3;
    }

    /**
     * Simpson's error bound is (x/180) h^4 max|f| with max|f| = 12 * 2/sqrt(pi): below 1e-16 for
     * h = 1/4000; the compensated sum keeps rounding at the same level.
     */
    private static double exact(double x) {
        return simpson(x, 2 * (int) Math.ceil(Math.abs(x) * 2000) + 2);
    }

    @Test
    void knownValuesAgreeWithNumericalIntegration() {
        double[][] known = {{0.5, 0.5204998778130465}, {1, 0.8427007929497149}, {2, 0.9953222650189527},
            {3.5, 0.9999992569016276}};
        for (double[] k : known) {
            assertEquals(k[1], exact(k[0]), 2e-15, "Simpson's rule confirms erf(" + k[0] + ")");
            assertEquals(k[1], Erf.erf(k[0]), 2e-15, "erf(" + k[0] + ")");
        }
    }

    @Test
    void scalarErfIsAccurateEverywhere() {
        for (double x = -6.5; x <= 6.5; x += 0.0625 + 1e-3) {
            assertEquals(exact(x), Erf.erf(x), 4e-15, "erf(" + x + ")");
        }
        for (double x : new double[] {1e-300, 1e-10, 2.5, Math.nextDown(2.5), Math.nextUp(2.5), 5.9, 6.0, 6.1}) {
            assertEquals(exact(x), Erf.erf(x), 4e-15, "erf(" + x + ")");
        }
    }

    @Test
    void symmetryAndSpecialValues() {
        Random rng = new Random(1);
        for (int i = 0; i < 1000; i++) {
            double x = rng.nextGaussian() * 3;
            assertEquals(-Erf.erf(x), Erf.erf(-x), 0.0, "erf is odd at " + x);
            assertTrue(Math.abs(Erf.erf(x)) <= 1, "|erf| <= 1");
        }
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals(1.0, Erf.erf(1e300));
    }

    @Test
    void vectorErfIsWithin35e8() {
        float[] xs = new float[F.length()];
        float[] ys = new float[F.length()];
        double worst = 0;
        double worstAt = 0;
        for (double x = 0; x < 7; x += 3e-4) {
            for (int lane = 0; lane < xs.length; lane++) {
                xs[lane] = (float) (lane % 2 == 0 ? x + lane * 3e-5 : -(x + lane * 3e-5));
            }
            Erf.erf(FloatVector.fromArray(F, xs, 0)).intoArray(ys, 0);
            for (int lane = 0; lane < xs.length; lane++) {
                double err = Math.abs(ys[lane] - Erf.erf(xs[lane]));
                if (err > worst) {
                    worst = err;
                    worstAt = xs[lane];
                }
            }
        }
        assertTrue(worst <= 3.5e-7, "vector erf is off by " + worst + " at " + worstAt);
        float[] specials = new float[F.length()];
        float[] expected = new float[F.length()];
        float[] values = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, 10f, -10f, 1e-30f, 3.9f};
        for (int lane = 0; lane < specials.length; lane++) {
            specials[lane] = values[lane % values.length];
            expected[lane] = (float) Erf.erf(specials[lane]);
        }
        Erf.erf(FloatVector.fromArray(F, specials, 0)).intoArray(ys, 0);
        for (int lane = 0; lane < specials.length; lane++) {
            assertEquals(expected[lane], ys[lane], 3.5e-7, "vector erf(" + specials[lane] + ")");
        }
    }
}
