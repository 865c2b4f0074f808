package dev.gatun.tensor.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class LaneSumsTest {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /** The pairwise order written out with scalars: fold lane i with lane i + half, halving each time. */
    private static float foldedInHalves(float[] lanes) {
        float[] s = lanes.clone();
        for (int half = s.length / 2; half >= 1; half /= 2) {
            float[] next = new float[s.length];
            for (int i = 0; i < s.length; i++) {
                next[i] = s[i] + s[(i + half) % s.length];
            }
            s = next;
        }
        return s[0];
    }

    @Property(tries = 300)
    void addsInTheDocumentedOrder(@ForAll long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] lanes = new float[F.length()];
        for (int i = 0; i < lanes.length; i++) {
            // Magnitudes spread over six decades, so a different order shows up in the low bits.
            lanes[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(6)));
        }
        float expected = foldedInHalves(lanes);
        assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(LaneSums.sum(FloatVector.fromArray(F, lanes, 0))));
    }

    @Test
    void sameBitsBeforeAndAfterTheJitCompilesIt() {
        SplittableRandom rng = new SplittableRandom(7);
        float[] data = new float[F.length() * 500];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rng.nextGaussian() * Math.pow(10, rng.nextInt(6)));
        }
        float[] first = sums(data);
        for (int warm = 0; warm < 2000; warm++) {
            sums(data);
        }
        float[] later = sums(data);
        for (int i = 0; i < first.length; i++) {
            assertEquals(Float.floatToIntBits(first[i]), Float.floatToIntBits(later[i]), "vector " + i);
        }
    }

    @Test
    void otherSpeciesUseTheirOwnFolds() {
        VectorSpecies<Float> s128 = FloatVector.SPECIES_128;
        float[] lanes = {1e6f, 1f, -1e6f, 3f};
        assertEquals(foldedInHalves(lanes), LaneSums.sum(FloatVector.fromArray(s128, lanes, 0)));
    }

    private static float[] sums(float[] data) {
        float[] out = new float[data.length / F.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = LaneSums.sum(FloatVector.fromArray(F, data, i * F.length()));
        }
        return out;
    }
}
