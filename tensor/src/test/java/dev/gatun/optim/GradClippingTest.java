package dev.gatun.optim;

import static dev.gatun.optim.OptimTesting.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GradClippingTest {
    private static Tensor withGrad(double[] grad, DType type) {
        Tensor p = Tensor.zeros(type, grad.length).requiresGrad(true);
        p.setGrad(Tensor.of(grad).to(type));
        return p;
    }

    @Test
    void scalesAllGradsWhenTheTotalNormExceedsTheMaximum() {
        // Norm of (3, 4) and (12) together: sqrt(9 + 16 + 144) = 13.
        Tensor a = withGrad(new double[] {3, 4}, DType.F32);
        Tensor b = withGrad(new double[] {12}, DType.F64);
        Tensor none = Tensor.zeros(2).requiresGrad(true);
        double total = GradClipping.clipGradNorm(List.of(a, b, none), 6.5);
        assertEquals(13.0, total, 1e-6);
        double coef = 6.5 / (13.0 + 1e-6);
        assertClose(new double[] {3 * coef, 4 * coef}, a.grad(), 1e-7, "first gradient");
        assertClose(new double[] {12 * coef}, b.grad(), 1e-12, "second gradient");
        assertNull(none.grad());
    }

    @Test
    void leavesGradsAloneBelowTheMaximum() {
        Tensor a = withGrad(new double[] {3, 4}, DType.F32);
        assertEquals(5.0, GradClipping.clipGradNorm(List.of(a), 5.0 + 1e-3), 1e-6);
        assertClose(new double[] {3, 4}, a.grad(), 0, "unchanged gradient");
    }

    @Test
    void longVectorsAndStridedGradsMatchADoubleSum() {
        SplittableRandom rng = new SplittableRandom(1);
        double[] big = OptimTesting.randomArray(rng, 5003);          // several float blocks and a tail
        double[] small = OptimTesting.randomArray(rng, 12);
        double sum = 0;
        for (double v : OptimTesting.roundedToFloat(big)) {
            sum += v * v;
        }
        for (double v : small) {
            sum += v * v;
        }
        Tensor a = withGrad(big, DType.F32);
        Tensor b = Tensor.zeros(3, 4).requiresGrad(true);
        b.setGrad(Tensor.of(small).reshape(4, 3).transpose(0, 1));   // non-contiguous F64
        double total = GradClipping.clipGradNorm(List.of(a, b), 1.0);
        // F32 squares are summed in float lanes over short blocks, as precise as PyTorch's float norm.
        assertEquals(Math.sqrt(sum), total, 1e-6 * Math.sqrt(sum));
        double coef = 1.0 / (total + 1e-6);
        assertEquals(small[1] * coef, b.grad().getDouble(1, 0), 1e-6);
    }
}
