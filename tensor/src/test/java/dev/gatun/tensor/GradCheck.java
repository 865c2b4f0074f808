package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Compares autograd gradients with central finite differences in double precision.
 *
 * <p>The function's output is reduced to a scalar with fixed random weights, so every output element
 * contributes a distinct amount and a gradient routed to the wrong element is caught.
 */
final class GradCheck {
    private static final double H = 1e-6;

    private GradCheck() {
    }

    /** Inputs of the given layouts: 0 contiguous, 1 a transposed view, 2 a strided slice, 3 an offset narrow. */
    static Tensor input(Random rng, int layout, int... shape) {
        Tensor base;
        switch (layout) {
            case 1 -> {
                if (shape.length < 2) {
                    return input(rng, 2, shape);
                }
                int[] t = shape.clone();
                t[t.length - 1] = shape[shape.length - 2];
                t[t.length - 2] = shape[shape.length - 1];
                base = Tensor.randn(rng, DType.F64, t).mT();
            }
            case 2 -> {
                if (shape.length == 0) {
                    return input(rng, 0, shape);
                }
                int[] t = shape.clone();
                t[t.length - 1] = shape[shape.length - 1] * 2;
                base = Tensor.randn(rng, DType.F64, t).slice(-1, 0, t[t.length - 1], 2);
            }
            case 3 -> {
                if (shape.length == 0) {
                    return input(rng, 0, shape);
                }
                int[] t = shape.clone();
                t[0] = shape[0] + 2;
                base = Tensor.randn(rng, DType.F64, t).narrow(0, 1, shape[0]);
            }
            default -> base = Tensor.randn(rng, DType.F64, shape);
        }
        return base.requiresGrad(true);
    }

    /** Checks d(sum(f(inputs) * w))/d(input) for every input against finite differences. */
    static void check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double tolerance) {
        for (Tensor in : inputs) {
            in.setGrad(null);
        }
        Tensor out = f.apply(inputs);
        Random rng = new Random(7);
        Tensor weights = Tensor.randn(rng, DType.F64, out.shape());
        Tensor loss = out.mul(weights).sum();
        loss.backward();
        for (int i = 0; i < inputs.size(); i++) {
            Tensor in = inputs.get(i);
            if (!in.requiresGrad()) {
                continue;
            }
            Tensor analytic = in.grad();
            assertNotNull(analytic, "input " + i + " received no gradient");
            double[] numeric = numericGradient(f, inputs, i, weights);
            double[] got = analytic.toDoubleArray();
            assertEquals(numeric.length, got.length);
            for (int j = 0; j < numeric.length; j++) {
                double scale = Math.max(1.0, Math.abs(numeric[j]));
                assertTrue(Math.abs(numeric[j] - got[j]) <= tolerance * scale,
                        "input " + i + " element " + j + ": autograd " + got[j] + " vs finite difference " + numeric[j]
                                + " (shape " + Shape.toString(in.shape()) + ")");
            }
        }
    }

    private static double[] numericGradient(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, int which,
                                            Tensor weights) {
        Tensor in = inputs.get(which);
        int[] shape = in.shape();
        int n = (int) in.numel();
        double[] grad = new double[n];
        int[] index = new int[shape.length];
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int j = 0; j < n; j++) {
                unravel(j, shape, index);
                double original = in.getDouble(index);
                in.setDouble(original + H, index);
                double plus = f.apply(inputs).mul(weights).sum().item();
                in.setDouble(original - H, index);
                double minus = f.apply(inputs).mul(weights).sum().item();
                in.setDouble(original, index);
                grad[j] = (plus - minus) / (2 * H);
            }
        }
        return grad;
    }

    private static void unravel(int flat, int[] shape, int[] index) {
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
    }
}
