package dev.gatun.models;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Autograd gradients of model layers against central finite differences, as the tensor module's own
 * gradient checks do: the output is reduced to a scalar with fixed random weights, so a gradient routed to
 * the wrong element is caught. Leaves may be F64 inputs or a model's F32 parameters; for those the step
 * actually stored after rounding to F32 is what the difference quotient divides by.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * Checks d(sum(f() * w))/d(leaf) at every element of every leaf; {@code step} is the finite-difference
     * step and {@code tolerance} is relative to max(1, |numeric|).
     */
    public static void check(Supplier<Tensor> f, List<Tensor> leaves, double step, double tolerance) {
        check(f, leaves, step, tolerance, 1);
    }

    /** As above, comparing every {@code stride}-th element of each leaf (for large parameters). */
    public static void check(Supplier<Tensor> f, List<Tensor> leaves, double step, double tolerance, int stride) {
        Tensor weights = backward(f, leaves, new Random(7));
        for (int i = 0; i < leaves.size(); i++) {
            compare(f, weights, leaves.get(i), i, step, tolerance, stride);
        }
    }

    /**
     * Checks each leaf at up to {@code samples} elements spread over it, stepping F64 leaves by 1e-6 and
     * F32 ones (module parameters) by 1e-3; {@code f} should compute in F64 so that only the parameter
     * values themselves are F32.
     */
    public static void checkSampled(Supplier<Tensor> f, List<Tensor> leaves, int samples, double tolerance) {
        Tensor weights = backward(f, leaves, new SplittableRandom(7));
        for (int i = 0; i < leaves.size(); i++) {
            Tensor leaf = leaves.get(i);
            int stride = (int) Math.max(1, leaf.numel() / samples);
            compare(f, weights, leaf, i, leaf.dtype() == DType.F64 ? 1e-6 : 1e-3, tolerance, stride);
        }
    }

    /** Runs backward on {@code sum(f() * w)} with fresh gradients and returns the weights w. */
    private static Tensor backward(Supplier<Tensor> f, List<Tensor> leaves, RandomGenerator rng) {
        for (Tensor leaf : leaves) {
            leaf.setGrad(null);
        }
        Tensor out = f.get();
        Tensor weights = Tensor.randn(rng, DType.F64, out.shape());
        out.mul(weights).sum().backward();
        return weights;
    }

    private static void compare(Supplier<Tensor> f, Tensor weights, Tensor leaf, int which, double step,
                                double tolerance, int stride) {
        assertNotNull(leaf.grad(), "leaf " + which + " received no gradient");
        double[] analytic = leaf.grad().toDoubleArray();
        for (int j = 0; j < analytic.length; j += stride) {
            double numeric = numeric(f, weights, leaf, j, step);
            double scale = Math.max(1.0, Math.abs(numeric));
            assertTrue(Math.abs(numeric - analytic[j]) <= tolerance * scale, "leaf " + which + " element " + j
                    + ": autograd " + analytic[j] + " vs finite difference " + numeric);
        }
    }

    private static double numeric(Supplier<Tensor> f, Tensor weights, Tensor leaf, int flat, double step) {
        int[] shape = leaf.shape();
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            double original = leaf.getDouble(index);
            leaf.setDouble(original + step, index);
            double up = leaf.getDouble(index) - original;
            double plus = f.get().mul(weights).sum().item();
            leaf.setDouble(original - step, index);
            double down = original - leaf.getDouble(index);
            double minus = f.get().mul(weights).sum().item();
            leaf.setDouble(original, index);
            return (plus - minus) / (up + down);
        }
    }
}
