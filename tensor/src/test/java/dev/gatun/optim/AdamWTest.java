package dev.gatun.optim;

import static dev.gatun.optim.OptimTesting.assertClose;
import static dev.gatun.optim.OptimTesting.param;
import static dev.gatun.optim.OptimTesting.randomArray;
import static dev.gatun.optim.OptimTesting.roundedToFloat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** AdamW against the algorithm of {@code torch.optim.AdamW} (amsgrad off) written out over double arrays. */
class AdamWTest {
    private static final int N = 37;

    /** Reference state of one parameter. */
    private static final class Ref {
        final double[] p;
        final double[] m;
        final double[] v;
        int t;

        Ref(double[] p) {
            this.p = p.clone();
            this.m = new double[p.length];
            this.v = new double[p.length];
        }

        /** One step, following the pseudo-code of PyTorch's AdamW documentation. */
        void step(double[] g, double lr, double beta1, double beta2, double eps, double lambda) {
            t++;
            for (int i = 0; i < p.length; i++) {
                p[i] = p[i] - lr * lambda * p[i];                       // theta_t <- theta_{t-1} - gamma lambda theta_{t-1}
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];               // m_t <- beta1 m_{t-1} + (1 - beta1) g_t
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];        // v_t <- beta2 v_{t-1} + (1 - beta2) g_t^2
                double mHat = m[i] / (1 - Math.pow(beta1, t));          // m_t / (1 - beta1^t)
                double vHat = v[i] / (1 - Math.pow(beta2, t));          // v_t / (1 - beta2^t)
                p[i] = p[i] - lr * mHat / (Math.sqrt(vHat) + eps);      // theta_t <- theta_t - gamma mHat / (sqrt(vHat) + eps)
            }
        }
    }

    @ParameterizedTest(name = "{0} betas=({1}, {2}) eps={3} wd={4}")
    @CsvSource({
        "F64, 0.9, 0.999, 1e-8, 0.01",
        "F64, 0.8, 0.99, 1e-6, 0.1",
        "F64, 0.9, 0.999, 1e-8, 0.0",
        "F32, 0.9, 0.999, 1e-8, 0.01",
        "F32, 0.5, 0.9, 1e-3, 0.2",
    })
    void matchesReference(DType type, double beta1, double beta2, double eps, double weightDecay) {
        SplittableRandom rng = new SplittableRandom(5);
        double[] p0 = roundedToFloat(randomArray(rng, N));
        Ref ref = new Ref(p0);
        Tensor param = param(p0, type);
        double tol = type == DType.F64 ? 1e-12 : 1e-5;
        try (AdamW adam = new AdamW(List.of(param), 1e-2, beta1, beta2, eps, weightDecay)) {
            for (int t = 1; t <= 8; t++) {
                double lr = 1e-2 * (1 + 0.1 * t);
                double[] g = roundedToFloat(randomArray(rng, N));
                param.setGrad(Tensor.of(g).to(type));
                adam.setLr(lr);
                adam.step();
                ref.step(g, lr, beta1, beta2, eps, weightDecay);
                assertClose(ref.p, param, tol, "parameter after step " + t);
                Map<String, Tensor> state = adam.state(param);
                assertClose(ref.m, state.get("exp_avg"), tol, "exp_avg after step " + t);
                assertClose(ref.v, state.get("exp_avg_sq"), tol, "exp_avg_sq after step " + t);
                assertEquals(t, adam.stepCount(param));
            }
        }
    }

    @Test
    void defaultsArePyTorchs() {
        try (AdamW adam = new AdamW(List.of(param(new double[] {1}, DType.F32)), 1e-3)) {
            assertEquals(0.9, adam.beta1());
            assertEquals(0.999, adam.beta2());
            assertEquals(1e-8, adam.eps());
            assertEquals(0.01, adam.weightDecay());
        }
    }

    @Test
    void skippedParameterKeepsItsOwnStepCount() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] a0 = randomArray(rng, 5);
        double[] b0 = randomArray(rng, 3);
        Tensor a = param(a0, DType.F64);
        Tensor b = param(b0, DType.F64);
        Ref refA = new Ref(a0);
        Ref refB = new Ref(b0);
        try (AdamW adam = new AdamW(List.of(a, b), 0.05)) {
            for (int t = 1; t <= 4; t++) {
                double[] ga = randomArray(rng, 5);
                a.setGrad(Tensor.of(ga));
                refA.step(ga, 0.05, 0.9, 0.999, 1e-8, 0.01);
                if (t == 1 || t == 4) {                    // b has a gradient only on steps 1 and 4
                    double[] gb = randomArray(rng, 3);
                    b.setGrad(Tensor.of(gb));
                    refB.step(gb, 0.05, 0.9, 0.999, 1e-8, 0.01);
                } else {
                    b.setGrad(null);
                }
                adam.step();
            }
            assertClose(refA.p, a, 1e-12, "always-updated parameter");
            assertClose(refB.p, b, 1e-12, "sometimes-updated parameter");
            assertEquals(4, adam.stepCount(a));
            assertEquals(2, adam.stepCount(b));
        }
    }

    @Test
    void stateLivesInTheOptimizerScopeUntilClose() {
        Tensor p = param(new double[] {1, 2, 3}, DType.F32);
        AdamW adam = new AdamW(List.of(p), 0.1);
        Scope step = Scope.open();
        p.setGrad(Tensor.of(new float[] {1, 1, 1}));
        adam.step();
        step.close();
        Tensor m = adam.state(p).get("exp_avg");
        assertTrue(m.owner() != step && m.owner() != null, "state is owned by the optimizer's scope");
        assertClose(new double[] {0.1, 0.1, 0.1}, m, 1e-7, "exp_avg survives the step's scope");
        adam.close();
        assertThrows(GatunException.class, m::segment, "closing the optimizer frees its state");
        GatunException e = assertThrows(GatunException.class, adam::step);
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
