package dev.gatun.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** {@link FastExp} against {@link Math#exp} over its whole range, at the edges, and for NaN. */
class FastExpTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private static float[] fastExp(float[] x) {
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i += F.length()) {
            FastExp.exp(FloatVector.fromArray(F, x, i)).intoArray(y, i);
        }
        return y;
    }

    @Test
    void relativeErrorIsWithinThreeTenMillionthsFromMinus87To88() {
        int n = F.length() * 20_000;
        float[] x = new float[n];
        SplittableRandom rng = new SplittableRandom(1);
        for (int i = 0; i < n; i++) {
            x[i] = i < n / 2 ? (float) rng.nextDouble(-87, 88) : (float) rng.nextDouble(-2, 2);
        }
        x[0] = 0f;
        x[1] = -87f;
        x[2] = 88f;
        x[3] = (float) Math.log(2);
        x[4] = -0.5f * (float) Math.log(2);
        float[] y = fastExp(x);
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double exact = Math.exp(x[i]);
            worst = Math.max(worst, Math.abs(y[i] - exact) / exact);
        }
        assertTrue(worst <= 3e-7, "worst relative error " + worst);
        assertEquals(1f, y[0]);
    }

    @Test
    void outOfRangeInputsSaturateAndNanStaysNan() {
        float[] x = new float[F.length() * 2];
        x[0] = -1000f;
        x[1] = Float.NEGATIVE_INFINITY;
        x[2] = 1000f;
        x[3] = Float.NaN;
        float[] y = fastExp(x);
        assertTrue(y[0] >= 0 && y[0] < 2e-38, "e^-1000 ~ " + y[0]);
        assertTrue(y[1] >= 0 && y[1] < 2e-38, "e^-inf ~ " + y[1]);
        assertEquals(Float.POSITIVE_INFINITY, y[2]);
        assertTrue(Float.isNaN(y[3]));
    }
}
