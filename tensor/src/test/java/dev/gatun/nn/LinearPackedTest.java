package dev.gatun.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.optim.SGD;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.PackedLinear;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.kernels.Parallel;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Linear's packed inference path ({@link PackedLinear}) against the composed {@link Functional#linear}, and
 * that the packing never outlives a change of the weight.
 */
class LinearPackedTest {
    private final int threadsBefore = Parallel.threads();

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(threadsBefore);
    }

    private static Tensor reference(Tensor x, Tensor w, Tensor b) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return Functional.linear(x.to(DType.F32), w.to(DType.F32), b);
        }
    }

    private static Tensor inference(Linear lin, Tensor x) {
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            return lin.forward(x);
        }
    }

    private static void assertClose(Tensor expected, Tensor actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        float[] e = expected.toFloatArray();
        float[] a = actual.toFloatArray();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * (1 + Math.abs(e[i])), "element " + i);
        }
    }

    @ParameterizedTest(name = "in {0} out {1} rows {2} threads {3}")
    @CsvSource({"5,3,1,1", "5,3,4,1", "33,17,5,1", "384,384,12,1", "384,1536,13,2", "17,65,130,2", "300,7,9,2",
            "1,1,1,1", "9,16,0,1", "700,33,40,2"})
    void evalInferenceMatchesTheComposedLinear(int in, int out, int rows, int threads) {
        Parallel.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(in * 31L + out);
        Linear lin = new Linear(in, out, true, rng);
        lin.eval();
        Tensor x = Tensor.randn(rng, DType.F32, rows, in);
        assertClose(reference(x, lin.weight(), lin.bias()), inference(lin, x), 1e-5);
        // Again, from the cached packing; and through leading dimensions.
        assertClose(reference(x, lin.weight(), lin.bias()), inference(lin, x), 1e-5);
        Tensor x3 = Tensor.randn(rng, DType.F32, 2, rows, in);
        assertClose(reference(x3, lin.weight(), lin.bias()), inference(lin, x3), 1e-5);
    }

    @Test
    void stridedAndOneDimensionalInputs() {
        SplittableRandom rng = new SplittableRandom(3);
        Linear lin = new Linear(19, 23, false, rng);
        lin.eval();
        Tensor xt = Tensor.randn(rng, DType.F32, 19, 11).mT();                      // (11, 19), a transposed view
        assertClose(reference(xt, lin.weight(), null), inference(lin, xt), 1e-5);
        Tensor x1 = Tensor.randn(rng, DType.F32, 19);
        assertClose(reference(x1, lin.weight(), null), inference(lin, x1), 1e-5);
        Tensor empty = Tensor.zeros(DType.F32, 0, 19);
        assertArrayEquals(new int[] {0, 23}, inference(lin, empty).shape());
    }

    @Test
    void narrowAndTransposedWeightsPack() {
        SplittableRandom rng = new SplittableRandom(4);
        for (DType t : new DType[] {DType.BF16, DType.F16}) {
            Tensor w = Tensor.randn(rng, DType.F32, 37, 21).to(t);
            Tensor b = Tensor.randn(rng, DType.F32, 37).to(t);
            Tensor x = Tensor.randn(rng, DType.F32, 9, 21);
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                assertClose(reference(x, w, b.to(DType.F32)), PackedLinear.of(w, b).forward(x), 1e-5);
            }
        }
        Tensor wt = Tensor.randn(rng, DType.F32, 21, 37).mT();                     // (37, 21), strides (1, 37)
        Tensor x = Tensor.randn(rng, DType.F32, 6, 21);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            assertClose(reference(x, wt, null), PackedLinear.of(wt, null).forward(x), 1e-5);
        }
    }

    @Test
    void anOptimizerStepIsSeenByTheNextInference() {
        SplittableRandom rng = new SplittableRandom(5);
        Linear lin = new Linear(40, 24, true, rng);
        lin.eval();                                   // trained in evaluation mode, as a loaded model may be
        Tensor x = Tensor.randn(rng, DType.F32, 10, 40);
        Tensor before = inference(lin, x);            // packs
        try (SGD sgd = new SGD(lin.parameters(), 0.5)) {
            lin.forward(x).pow(2.0).sum().backward();
            sgd.step();
            lin.zeroGrad(true);
        }
        Tensor after = inference(lin, x);
        assertClose(reference(x, lin.weight(), lin.bias()), after, 1e-5);
        assertTrue(Math.abs(after.toFloatArray()[0] - before.toFloatArray()[0]) > 1e-3, "the step changed the output");
    }

    @Test
    void loadingAndDirectWritesAreSeen() {
        SplittableRandom rng = new SplittableRandom(6);
        Linear lin = new Linear(33, 18, true, rng);
        lin.eval();
        Tensor x = Tensor.randn(rng, DType.F32, 7, 33);
        inference(lin, x);
        lin.loadStateDict(Map.of("weight", Tensor.randn(rng, DType.F32, 18, 33),
                "bias", Tensor.randn(rng, DType.F32, 18)), true);
        assertClose(reference(x, lin.weight(), lin.bias()), inference(lin, x), 1e-5);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            lin.weight().mul_(-2.0);
        }
        lin.parametersChanged();
        assertClose(reference(x, lin.weight(), lin.bias()), inference(lin, x), 1e-5);
        lin.train();
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            lin.weight().mul_(0.5);
        }
        lin.eval();
        assertClose(reference(x, lin.weight(), lin.bias()), inference(lin, x), 1e-5);
    }

    @Test
    void badShapesAreRefused() {
        Tensor w = Tensor.zeros(DType.F32, 4, 3);
        assertThrows(GatunException.class, () -> PackedLinear.of(w, Tensor.zeros(DType.F32, 3)));
        assertThrows(GatunException.class, () -> PackedLinear.of(Tensor.zeros(DType.F32, 4), null));
        PackedLinear p = PackedLinear.of(w, null);
        assertThrows(GatunException.class, () -> p.forward(Tensor.zeros(DType.F32, 2, 4)));
        assertThrows(GatunException.class, () -> p.forwardInto(Tensor.zeros(DType.F32, 2, 3), Tensor.zeros(DType.F32, 3, 4), false));
    }
}
