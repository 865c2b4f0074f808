package dev.gatun.tensor.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** The error function, which the JDK lacks: a double-precision scalar and a float-precision vector form. */
public final class Erf {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);

    /** Coefficients of x^{2n+1} in erf's Maclaurin series: 2/sqrt(pi) (-1)^n / (n! (2n+1)), n = 0..10. */
    private static final float[] SERIES = new float[11];

    static {
        double factorial = 1;
        for (int n = 0; n < SERIES.length; n++) {
            factorial *= Math.max(1, n);
            SERIES[n] = (float) (TWO_OVER_SQRT_PI * (n % 2 == 0 ? 1 : -1) / (factorial * (2 * n + 1)));
        }
    }

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

    /**
     * erf of each lane to within 2e-7 absolute. Beyond |x| = 1: Abramowitz and Stegun 7.1.26 (error 1.5e-7).
     * Below, where float rounding in that formula's {@code 1 - poly * e^{-x^2}} costs up to 6e-7, the
     * Maclaurin series {@code 2/sqrt(pi) sum (-1)^n x^{2n+1} / (n! (2n+1))} up to x^21 (truncation 1e-9).
     */
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
        FloatVector x2 = ax.mul(ax);
        FloatVector series = FloatVector.broadcast(x.species(), SERIES[SERIES.length - 1]);
        for (int n = SERIES.length - 2; n >= 0; n--) {
            series = series.mul(x2).add(SERIES[n]);
        }
        y = y.blend(series.mul(ax), ax.lt(1f));
        return y.blend(y.neg(), x.lt(0f));
    }
}
