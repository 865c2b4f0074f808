package dev.gatun.models.vit;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Compares autograd gradients with central finite differences. The output is reduced to a scalar with
 * fixed random weights, so a gradient routed to the wrong element is caught.
 *
 * <p>F64 tensors are stepped by 1e-6. F32 tensors (module parameters) are stepped by 1e-3 and the step is
 * measured after rounding to F32; the function should compute in F64 (an F64 input promotes every op),
 * so only the parameter values themselves are F32.
 */
final class FiniteDifferences {
    private FiniteDifferences() {
    }

    /**
     * Checks {@code d sum(f() * w) / d t} for each {@code t} of {@code wrt} at up to {@code samples}
     * elements spread over the tensor, within {@code tolerance * max(1, |numeric|)}.
     */
    static void check(Supplier<Tensor> f, List<Tensor> wrt, int samples, double tolerance) {
        for (Tensor t : wrt) {
            t.setGrad(null);
        }
        Tensor out = f.get();
        Tensor weights = Tensor.randn(new SplittableRandom(7), DType.F64, out.shape());
        out.mul(weights).sum().backward();
        for (int which = 0; which < wrt.size(); which++) {
            Tensor t = wrt.get(which);
            assertNotNull(t.grad(), "tensor " + which + " received no gradient");
            double[] analytic = t.grad().toDoubleArray();
            int n = analytic.length;
            int stride = Math.max(1, n / samples);
            for (int j = 0; j < n; j += stride) {
                double numeric = numeric(f, weights, t, j);
                double scale = Math.max(1.0, Math.abs(numeric));
                assertTrue(Math.abs(numeric - analytic[j]) <= tolerance * scale, "tensor " + which + " element " + j
                        + ": autograd " + analytic[j] + " vs finite difference " + numeric);
            }
        }
    }

    private static double numeric(Supplier<Tensor> f, Tensor weights, Tensor t, int flat) {
        int[] index = unravel(flat, t.shape());
        double h = t.dtype() == DType.F64 ? 1e-6 : 1e-3;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            double original = t.getDouble(index);
            t.setDouble(original + h, index);
            double up = t.getDouble(index) - original;
            double plus = f.get().mul(weights).sum().item();
            t.setDouble(original - h, index);
            double down = original - t.getDouble(index);
            double minus = f.get().mul(weights).sum().item();
            t.setDouble(original, index);
            return (plus - minus) / (up + down);
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }
}
