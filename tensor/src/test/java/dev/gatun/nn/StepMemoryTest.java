package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.optim.AdamW;
import dev.gatun.optim.GradClipping;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A thousand training steps, each in its own {@code Scope.open()}, with the model and the optimizer built
 * beforehand in a long-lived scope. The step's intermediates must die with the step's scope; gradients
 * and optimizer state must be allocated once and reused, so no scope grows step after step.
 */
class StepMemoryTest {
    private static final int STEPS = 1000;

    @Test
    void stepsInScopesLeaveNothingBehind() {
        Scope weights = Scope.create();
        MLP model;
        AdamW optimizer;
        Tensor x;
        Tensor y;
        try (Scope.Entered ignored = weights.enter()) {
            SplittableRandom rng = new SplittableRandom(0);
            model = new MLP(4, 8, 3, new GELU(), rng);
            optimizer = new AdamW(model.parameters(), 1e-2);
            x = Tensor.randn(rng, DType.F32, 6, 4);
            y = Tensor.of(new long[] {0, 1, 2, 0, 1, 2});
        }
        List<Tensor> params = model.parameters();
        Map<Tensor, Tensor> firstGrads = new IdentityHashMap<>();
        Map<Tensor, Tensor> firstState = new IdentityHashMap<>();
        List<Tensor> leftovers = new ArrayList<>();
        List<Scope> stepScopes = new ArrayList<>();
        double firstLoss = 0;
        double lastLoss = 0;
        for (int step = 0; step < STEPS; step++) {
            try (Scope s = Scope.open()) {
                optimizer.zeroGrad();
                Tensor logits = model.forward(x);
                Tensor loss = Functional.crossEntropy(logits, y, -100, 0.0, "mean");
                loss.backward();
                GradClipping.clipGradNorm(params, 1.0);
                optimizer.step();
                double value = loss.item();
                firstLoss = step == 0 ? value : firstLoss;
                lastLoss = value;
                if (step % 100 == 0) {
                    assertSame(s, logits.owner(), "intermediates belong to the step's scope");
                    leftovers.add(logits);
                    stepScopes.add(s);
                }
            }
            for (Tensor p : params) {
                Tensor grad = p.grad();
                assertNotNull(grad);
                Tensor state = optimizer.state(p).get("exp_avg");
                if (step == 0) {
                    firstGrads.put(p, grad);
                    firstState.put(p, state);
                    assertSame(weights, grad.owner(), "a gradient lives in its parameter's scope");
                    assertTrue(state.owner() != weights && state.owner() != null, "state lives in the optimizer's scope");
                } else if (step % 97 == 0 || step == STEPS - 1) {
                    assertSame(firstGrads.get(p), grad, "the gradient is reused, not reallocated");
                    assertSame(firstState.get(p), state, "optimizer state is allocated once");
                }
            }
        }
        for (Tensor dead : leftovers) {
            assertThrows(GatunException.class, dead::segment, "a step's tensors are freed when its scope closes");
            assertThrows(GatunException.class, () -> dead.getDouble(0, 0));
        }
        assertEquals(10, stepScopes.size());
        assertTrue(lastLoss < firstLoss, "the steps trained: " + firstLoss + " -> " + lastLoss);
        optimizer.close();
        weights.close();
        assertThrows(GatunException.class, () -> params.get(0).segment(), "closing the weights' scope frees them");
        assertThrows(GatunException.class, () -> params.get(0).grad().segment(), "and their gradients");
    }
}
