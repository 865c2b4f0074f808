package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Autograd gradients against central finite differences, as the tensor module's own gradient checks do:
 * the output is reduced to a scalar with fixed random weights, so a gradient routed to the wrong element
 * is caught. Leaves may be F64 inputs or a model's F32 parameters (perturbed with a larger step).
 */
final class SwinGradCheck {
    private SwinGradCheck() {
    }

    /**
     * Checks d(sum(f() * w))/d(leaf) for every leaf; {@code step} is the finite-difference step and
     * {@code tolerance} is relative to max(1, |gradient|).
     */
    static void check(Supplier<Tensor> f, List<Tensor> leaves, double step, double tolerance) {
        check(f, leaves, step, tolerance, 1);
    }

    /** As above, comparing every {@code stride}-th element of each leaf (for large parameters). */
    static void check(Supplier<Tensor> f, List<Tensor> leaves, double step, double tolerance, int stride) {
        for (Tensor leaf : leaves) {
            leaf.setGrad(null);
        }
        Tensor out = f.get();
        Tensor weights = Tensor.randn(new Random(7), DType.F64, out.shape());
        out.mul(weights).sum().backward();
        for (int i = 0; i < leaves.size(); i++) {
            Tensor leaf = leaves.get(i);
            assertNotNull(leaf.grad(), "leaf " + i + " received no gradient");
            double[] analytic = leaf.grad().toDoubleArray();
            double[] numeric = numeric(f, leaf, weights, step, stride);
            for (int j = 0; j < numeric.length; j += stride) {
                double scale = Math.max(1.0, Math.abs(numeric[j]));
                assertTrue(Math.abs(numeric[j] - analytic[j]) <= tolerance * scale, "leaf " + i + " element " + j
                        + ": autograd " + analytic[j] + " vs finite difference " + numeric[j]);
            }
        }
    }

    private static double[] numeric(Supplier<Tensor> f, Tensor leaf, Tensor weights, double step, int stride) {
        int[] shape = leaf.shape();
        int n = (int) leaf.numel();
        double[] grad = new double[n];
        int[] index = new int[shape.length];
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (int j = 0; j < n; j += stride) {
                int flat = j;
                for (int d = shape.length - 1; d >= 0; d--) {
                    index[d] = flat % shape[d];
                    flat /= shape[d];
                }
                double original = leaf.getDouble(index);
                leaf.setDouble(original + step, index);
                double plus = f.get().mul(weights).sum().item();
                double up = leaf.getDouble(index) - original;       // the step actually stored (F32 rounds it)
                leaf.setDouble(original - step, index);
                double minus = f.get().mul(weights).sum().item();
                double down = original - leaf.getDouble(index);
                leaf.setDouble(original, index);
                grad[j] = (plus - minus) / (up + down);
            }
        }
        return grad;
    }
}
