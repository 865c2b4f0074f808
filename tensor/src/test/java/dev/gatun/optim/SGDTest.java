package dev.gatun.optim;

import static dev.gatun.optim.OptimTesting.assertClose;
import static dev.gatun.optim.OptimTesting.param;
import static dev.gatun.optim.OptimTesting.randomArray;
import static dev.gatun.optim.OptimTesting.roundedToFloat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * SGD against the algorithm of {@code torch.optim.SGD} written out over double arrays. 37 elements, so
 * the vectorised F32 loop and its scalar tail both run.
 */
class SGDTest {
    private static final int N = 37;
    private static final int STEPS = 6;

    /** The reference: one update of {@code p} (and {@code buf}) in place, following PyTorch's documentation. */
    private static void referenceStep(double[] p, double[] g, double[] buf, int t, double lr, double momentum,
                                      double dampening, boolean nesterov, double weightDecay) {
        for (int i = 0; i < p.length; i++) {
            double gt = g[i];
            if (weightDecay != 0) {
                gt = gt + weightDecay * p[i];                     // g_t <- g_t + lambda theta_{t-1}
            }
            if (momentum != 0) {
                if (t > 1) {
                    buf[i] = momentum * buf[i] + (1 - dampening) * gt;   // b_t <- mu b_{t-1} + (1 - tau) g_t
                } else {
                    buf[i] = gt;                                  // b_t <- g_t
                }
                gt = nesterov ? gt + momentum * buf[i] : buf[i];
            }
            p[i] = p[i] - lr * gt;                                // theta_t <- theta_{t-1} - gamma g_t
        }
    }

    @ParameterizedTest(name = "{0} momentum={1} dampening={2} nesterov={3} wd={4}")
    @CsvSource({
        "F64, 0.0, 0.0, false, 0.0",
        "F64, 0.9, 0.0, false, 0.01",
        "F64, 0.9, 0.0, true, 0.05",
        "F64, 0.8, 0.3, false, 0.0",
        "F32, 0.0, 0.0, false, 0.1",
        "F32, 0.9, 0.0, false, 0.01",
        "F32, 0.9, 0.0, true, 0.05",
        "F32, 0.7, 0.5, false, 0.02",
    })
    void matchesReference(DType type, double momentum, double dampening, boolean nesterov, double weightDecay) {
        SplittableRandom rng = new SplittableRandom(11);
        double[] p = roundedToFloat(randomArray(rng, N));
        double[] buf = new double[N];
        Tensor param = param(p, type);
        double tol = type == DType.F64 ? 1e-12 : 2e-6;
        SGD sgd = new SGD(List.of(param), 0.1, momentum, dampening, nesterov, weightDecay);
        for (int t = 1; t <= STEPS; t++) {
            double lr = 0.1 / t;                                  // a changing rate, as a schedule sets it
            double[] g = roundedToFloat(randomArray(rng, N));
            param.setGrad(Tensor.of(g).to(type));
            sgd.setLr(lr);
            sgd.step();
            referenceStep(p, g, buf, t, lr, momentum, dampening, nesterov, weightDecay);
            assertClose(p, param, tol, "parameter after step " + t);
            if (momentum != 0) {
                assertClose(buf, sgd.state(param).get("momentum_buffer"), tol, "momentum buffer after step " + t);
            } else {
                assertTrue(sgd.state(param).isEmpty(), "no state without momentum");
            }
        }
        sgd.close();
    }

    @Test
    void paramWithoutGradIsSkipped() {
        Tensor a = param(new double[] {1, 2, 3}, DType.F32);
        Tensor b = param(new double[] {4, 5}, DType.F32);
        SGD sgd = new SGD(List.of(a, b), 0.5, 0.9, 0, false, 0);
        a.setGrad(Tensor.of(new float[] {1, 1, 1}));
        sgd.step();
        assertClose(new double[] {0.5, 1.5, 2.5}, a, 0, "updated parameter");
        assertClose(new double[] {4, 5}, b, 0, "parameter without grad");
        assertTrue(sgd.state(b).isEmpty(), "no state for a parameter never stepped");
        assertNull(b.grad());
        sgd.close();
    }

    @Test
    void nonContiguousGradAndBf16ParamTakeTheCopyPath() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] p = roundedToFloat(randomArray(rng, 20));
        double[] g = roundedToFloat(randomArray(rng, 20));
        Tensor param = Tensor.of(p).to(DType.F32).reshape(4, 5).requiresGrad(true);
        // The same gradient values, stored transposed.
        Tensor gradT = Tensor.of(g).to(DType.F32).reshape(4, 5).transpose(0, 1).contiguous().transpose(0, 1);
        assertTrue(!gradT.isContiguous());
        param.setGrad(gradT);
        SGD sgd = new SGD(List.of(param), 0.1, 0.5, 0, true, 0.1);
        sgd.step();
        double[] expected = p.clone();
        referenceStep(expected, g, new double[20], 1, 0.1, 0.5, 0, true, 0.1);
        assertClose(expected, param, 2e-6, "F32 parameter with a strided gradient");

        Tensor half = Tensor.of(p).to(DType.BF16).requiresGrad(true);
        double[] start = half.toDoubleArray();
        half.setGrad(Tensor.of(g).to(DType.BF16));
        double[] gBf16 = half.grad().toDoubleArray();
        SGD bf = new SGD(List.of(half), 0.1);
        bf.step();
        referenceStep(start, gBf16, null, 1, 0.1, 0, 0, false, 0);
        assertEquals(DType.BF16, half.dtype());
        assertClose(start, half, 1.0 / 128, "BF16 parameter (rounded to 8 bits of mantissa)");
        sgd.close();
        bf.close();
    }

    @Test
    void invalidOptionsAreRejected() {
        Tensor p = param(new double[] {1}, DType.F32);
        GatunException e = assertThrows(GatunException.class, () -> new SGD(List.of(p), 0.1, 0.9, 0.1, true, 0));
        assertTrue(e.getMessage().contains("dampening"), e.getMessage());
        assertThrows(GatunException.class, () -> new SGD(List.of(p), -1));
        assertThrows(GatunException.class, () -> new SGD(List.of(p, p), 0.1));
        assertThrows(GatunException.class, () -> new SGD(List.of(Tensor.of(new long[] {1})), 0.1));
    }
}
