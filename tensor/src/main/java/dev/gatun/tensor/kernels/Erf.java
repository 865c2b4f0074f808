package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The error function, which the JDK lacks: a double-precision scalar and a float-precision vector form. */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);

    private Erf() {
    }

    /**
     * erf(x) to about 1e-16: the everywhere-positive series
     * {@code erf x = 2/sqrt(pi) e^{-x^2} sum (2x^2)^n x / (1*3*...*(2n+1))} for |x| <= 2.5, and the
     * continued fraction of erfc beyond (Abramowitz and Stegun 7.1.6 and 7.1.14).
     */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        if (ax > 6.0) {
            return Math.copySign(1.0, x);
        }
        if (ax <= 2.5) {
            double x2 = x * x;
            double term = x;
            double sum = x;
            for (int n = 1; n < 200; n++) {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
                if (Math.abs(term) < 1e-17 * Math.abs(sum)) {
                    break;
                }
            }
            return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
        }
        // erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated from the tail.
        double tail = ax;
        for (int n = 100; n >= 1; n--) {
            tail = ax + (n / 2.0) / tail;
        }
        double erfc = Math.exp(-ax * ax) * ONE_OVER_SQRT_PI / tail;
        return Math.copySign(1.0 - erfc, x);
    }

    /** erf of each lane to about 1.5e-7 absolute (Abramowitz and Stegun 7.1.26), enough for float. */
    public static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = ax.mul(0.3275911f).add(1f);
        t = FloatVector.broadcast(x.species(), 1f).div(t);
        FloatVector poly = t.mul(1.061405429f).add(-1.453152027f);
        poly = poly.mul(t).add(1.421413741f);
        poly = poly.mul(t).add(-0.284496736f);
        poly = poly.mul(t).add(0.254829592f);
        poly = poly.mul(t);
        FloatVector e = ax.mul(ax).neg().lanewise(VectorOperators.EXP);
        FloatVector y = poly.mul(e).neg().add(1f);
        return y.blend(y.neg(), x.lt(0f));
    }
}
