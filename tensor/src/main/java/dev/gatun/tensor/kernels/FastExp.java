package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * {@code e^x} of every lane in a few multiply-adds, for softmax: {@code lanewise(EXP)} was a tenth of
 * Swin-T's inference time (short rows of 49 scores, two and a half million of them per image).
 *
 * <p>The usual reduction: {@code x = k ln 2 + r} with k an integer and |r| <= ln 2 / 2, so
 * {@code e^x = 2^k e^r}; {@code ln 2} is split in a high part exact in float and a low part, so r is
 * exact to a few ulps; {@code e^r} is its Taylor polynomial to degree 6 (truncation below 1.2e-7
 * relative); {@code 2^k} is built in the exponent bits. Relative error within 3e-7 of
 * {@link Math#exp} for x in [-87, 88]; inputs below -87.3 give about 1e-38 instead of a smaller number or
 * 0, inputs above 88.37 give infinity (a little early: float overflows from 88.72); NaN gives NaN. {@code FastExpTest} holds it
 * to that.
 */
public final class FastExp {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5 · 2^23: adding it rounds a float of magnitude below 2^22 to an integer, held in the low bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    private static final float LOWEST = -87.33654f;
    private static final float HIGHEST = 88.72283f;

    private FastExp() {
    }

    /** {@code e^x} lane by lane. */
    public static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(LOWEST).min(HIGHEST);
        FloatVector t = c.fma(FloatVector.broadcast(c.species(), LOG2E), FloatVector.broadcast(c.species(), ROUNDER));
        FloatVector k = t.sub(ROUNDER);                                         // round(x · log2 e)
        FloatVector r = k.fma(FloatVector.broadcast(c.species(), -LN2_HI), c);
        r = k.fma(FloatVector.broadcast(c.species(), -LN2_LO), r);              // x - k ln 2
        FloatVector p = r.mul(1f / 720).add(1f / 120);
        p = p.fma(r, FloatVector.broadcast(c.species(), 1f / 24));
        p = p.fma(r, FloatVector.broadcast(c.species(), 1f / 6));
        p = p.fma(r, FloatVector.broadcast(c.species(), 0.5f));
        p = p.fma(r, FloatVector.broadcast(c.species(), 1f));
        p = p.fma(r, FloatVector.broadcast(c.species(), 1f));                   // e^r
        IntVector kBits = (IntVector) t.reinterpretAsInts();
        FloatVector pow2 = kBits.sub(ROUNDER_BITS).add(127).lanewise(VectorOperators.LSHL, 23)
                .reinterpretAsFloats();                                         // 2^k
        FloatVector y = p.mul(pow2);
        return y.blend(x, x.test(VectorOperators.IS_NAN));
    }
}
