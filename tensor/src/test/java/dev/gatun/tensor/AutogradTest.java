package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Recording and backward semantics: noGrad, detach, accumulation, fan-out, errors and deep graphs. */
class AutogradTest {

    @Test
    void noGradRecordsNothing() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        assertTrue(Autograd.isGradEnabled());
        try (Autograd.NoGrad outer = Autograd.noGrad()) {
            try (Autograd.NoGrad inner = Autograd.noGrad()) {
                assertFalse(Autograd.isGradEnabled());
            }
            assertFalse(Autograd.isGradEnabled(), "nested noGrad: still off after the inner one closes");
            Tensor y = x.mul(2.0).exp().sum();
            assertFalse(y.requiresGrad());
            assertNull(y.producer());
            assertThrows(GatunException.class, y::backward);
            outer.close();
            assertTrue(Autograd.isGradEnabled());
            outer.close();
            assertTrue(Autograd.isGradEnabled(), "closing twice does not re-enable twice");
        }
        Tensor z = x.mul(2.0);
        assertTrue(z.requiresGrad());
        assertTrue(z.producer() instanceof Node.Binary);
    }

    @Test
    void detachCutsTheGraphButSharesMemory() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor d = x.detach();
        assertFalse(d.requiresGrad());
        assertNull(d.producer());
        d.setDouble(5, 0);
        assertEquals(5.0, x.getDouble(0), "detach shares memory");
        x.mul(x.detach()).sum().backward();
        assertArrayEquals(new float[] {5, 2, 3}, x.grad().toFloatArray(), "only the recorded factor contributes");
    }

    @Test
    void gradientsAccumulateAcrossBackwardCalls() {
        Tensor x = Tensor.of(new double[] {1, -2}).requiresGrad(true);
        x.mul(3.0).sum().backward();
        assertArrayEquals(new double[] {3, 3}, x.grad().toDoubleArray());
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {5, -1}, x.grad().toDoubleArray());
        x.setGrad(null);
        x.exp().sum().backward();
        assertArrayEquals(new double[] {Math.exp(1), Math.exp(-2)}, x.grad().toDoubleArray(), 1e-15);
    }

    @Test
    void aTensorUsedTwiceGetsTheSumOfItsGradients() {
        Tensor x = Tensor.of(new double[] {1.5, -2, 3}).requiresGrad(true);
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {3, -4, 6}, x.grad().toDoubleArray());
        x.setGrad(null);
        Tensor y = x.mul(2.0);
        y.add(y.mul(y)).add(x).sum().backward();  // d/dx (2x + 4x^2 + x) = 3 + 8x
        assertArrayEquals(new double[] {15, -13, 27}, x.grad().toDoubleArray());
    }

    @Test
    void backwardNeedsAScalarOrAGradient() {
        Tensor x = Tensor.of(new float[] {1, 2, 3}).requiresGrad(true);
        Tensor y = x.mul(x);
        GatunException e = assertThrows(GatunException.class, y::backward);
        assertTrue(e.getMessage().contains("[3]"), e.getMessage());
        assertThrows(GatunException.class, () -> y.backward(Tensor.ones(DType.F32, 2)));
        y.backward(Tensor.of(new float[] {1, 0, -1}));
        assertArrayEquals(new float[] {2, 0, -6}, x.grad().toFloatArray());
        assertThrows(GatunException.class, () -> Tensor.zeros(1).backward(), "nothing requires grad");
        Tensor leaf = Tensor.of(new float[] {4}).requiresGrad(true);
        leaf.backward();
        assertArrayEquals(new float[] {1}, leaf.grad().toFloatArray(), "backward of a leaf seeds its own gradient");
    }

    @Test
    void gradientsKeepTheDtypeOfTheirLeaf() {
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor h = Tensor.of(new float[] {3, 4}).to(DType.BF16).requiresGrad(true);
        x.to(DType.F64).mul(h).sum().backward();
        assertEquals(DType.F32, x.grad().dtype());
        assertEquals(DType.BF16, h.grad().dtype());
        assertArrayEquals(new double[] {3, 4}, x.grad().toDoubleArray());
        assertArrayEquals(new double[] {1, 2}, h.grad().toDoubleArray());
    }

    @Test
    void recordingRulesAndInPlaceGuards() {
        assertThrows(GatunException.class, () -> Tensor.of(new long[] {1}).requiresGrad(true));
        Tensor x = Tensor.of(new float[] {1, 2}).requiresGrad(true);
        Tensor y = x.mul(2.0);
        assertThrows(GatunException.class, () -> y.requiresGrad(false));
        assertThrows(GatunException.class, () -> x.add_(Tensor.ones(DType.F32, 2)));
        assertThrows(GatunException.class, () -> x.copy_(Tensor.ones(DType.F32, 2)));
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            x.add_(Tensor.ones(DType.F32, 2));
        }
        assertArrayEquals(new float[] {2, 3}, x.toFloatArray());
        Tensor constant = Tensor.of(new float[] {1, 2});
        assertFalse(constant.add(constant).requiresGrad(), "nothing to record without a leaf that requires grad");
        assertNull(x.gt(0.0).producer(), "comparisons are not differentiable");
    }

    @Test
    void deepChainsDoNotOverflowTheStack() throws Exception {
        double[] result = new double[1];
        Throwable[] failure = new Throwable[1];
        // A small stack: the backward walk and every graph traversal must be iterative.
        Thread t = new Thread(null, () -> {
            try (Scope ignored = Scope.open()) {
                Tensor x = Tensor.of(new double[] {1.0}).requiresGrad(true);
                Tensor y = x;
                for (int i = 0; i < 10_000; i++) {
                    y = i % 2 == 0 ? y.mul(1.0001) : y.add(1e-3);
                }
                y.sum().backward();
                result[0] = x.grad().item();
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "deep-chain", 256 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) {
            throw new AssertionError("backward through 10,000 ops failed", failure[0]);
        }
        assertEquals(Math.pow(1.0001, 5000), result[0], 1e-9);
    }
}
