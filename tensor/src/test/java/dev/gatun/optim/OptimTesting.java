package dev.gatun.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.SplittableRandom;

/** Helpers shared by the optimizer tests: random data and element-wise comparison. */
final class OptimTesting {
    private OptimTesting() {
    }

    static double[] randomArray(SplittableRandom rng, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextDouble(-1, 1);
        }
        return a;
    }

    /** A leaf parameter of {@code type} holding {@code values} (rounded to the type). */
    static Tensor param(double[] values, DType type) {
        return Tensor.of(values).to(type).requiresGrad(true);
    }

    static void assertClose(double[] expected, Tensor actual, double tol, String what) {
        double[] a = actual.toDoubleArray();
        assertEquals(expected.length, a.length, what + ": length");
        for (int i = 0; i < a.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], a[i], tol * scale, what + " element " + i);
        }
    }

    /** {@code values} rounded to F32, so a reference can start from exactly what an F32 parameter holds. */
    static double[] roundedToFloat(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }
}
