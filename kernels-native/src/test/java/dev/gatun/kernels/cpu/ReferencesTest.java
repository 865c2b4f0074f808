package dev.gatun.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Attention;
import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Quantized;
import dev.gatun.tensor.Rope;
import dev.gatun.tensor.SelectiveScan;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.ValueLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Properties of the composed Java references that the parity suite's elementwise comparison does not
 * show: how they compose over time (scan chunks, decoding steps), their formats byte by byte, and that
 * gradients flow through them.
 */
class ReferencesTest {

    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), DType.F32, shape);
    }

    @Test
    void aScanInTwoChunksEqualsTheWholeScan() {
        Tensor u = randn(1, 2, 3, 10);
        Tensor delta = randn(2, 2, 3, 10).abs();
        Tensor a = randn(3, 3, 4).abs().neg();
        Tensor b = randn(4, 2, 4, 10);
        Tensor c = randn(5, 2, 4, 10);
        Tensor d = randn(6, 3);
        SelectiveScan.Result whole = SelectiveScan.reference(u, delta, a, b, c, d, null, null, false, null);
        SelectiveScan.Result first = SelectiveScan.reference(u.narrow(2, 0, 6), delta.narrow(2, 0, 6), a,
                b.narrow(2, 0, 6), c.narrow(2, 0, 6), d, null, null, false, null);
        SelectiveScan.Result second = SelectiveScan.reference(u.narrow(2, 6, 4), delta.narrow(2, 6, 4), a,
                b.narrow(2, 6, 4), c.narrow(2, 6, 4), d, null, null, false, first.lastState());
        assertArrayEquals(whole.out().narrow(2, 6, 4).toFloatArray(), second.out().toFloatArray(), 1e-5f);
        assertArrayEquals(whole.lastState().toFloatArray(), second.lastState().toFloatArray(), 1e-5f);
    }

    @Test
    void decodingOneQueryEqualsTheLastRowOfCausalAttention() {
        Tensor q = randn(7, 1, 2, 9, 8);
        Tensor k = randn(8, 1, 2, 9, 8);
        Tensor v = randn(9, 1, 2, 9, 8);
        AttentionMask causal = AttentionMask.NONE.withCausal(true);
        Tensor full = Attention.scaledDotProduct(q, k, v, 0.3, causal);
        Tensor step = Attention.scaledDotProduct(q.narrow(2, 8, 1), k, v, 0.3, causal);
        assertArrayEquals(full.narrow(2, 8, 1).toFloatArray(), step.toFloatArray(), 1e-6f);
    }

    @Test
    void gradientsFlowThroughTheReferences() {
        Tensor q = randn(10, 1, 1, 3, 4).requiresGrad(true);
        Tensor out = Attention.scaledDotProduct(q, randn(11, 1, 1, 3, 4), randn(12, 1, 1, 3, 4), 0.5,
                AttentionMask.NONE.withCausal(true));
        out.sum().backward();
        assertEquals(12, q.grad().numel());
        Tensor x = randn(13, 1, 1, 2, 4).requiresGrad(true);
        Rope.Tables t = Rope.tables(4, 8, 10000);
        Rope.apply(x, t.cos(), t.sin(), Tensor.of(new long[] {3, 5})).sum().backward();
        assertEquals(8, x.grad().numel());
    }

    @Test
    void ropeTablesFollowTheFrequencyFormulaAndRotationKeepsNorms() {
        Rope.Tables t = Rope.tables(8, 5, 10000);
        assertEquals(Math.cos(3 * Math.pow(10000, -2.0 / 8)), t.cos().getDouble(3, 1), 1e-6);
        assertEquals(Math.sin(4 * Math.pow(10000, -6.0 / 8)), t.sin().getDouble(4, 3), 1e-6);
        Tensor x = randn(14, 1, 2, 3, 8);
        Tensor y = Rope.apply(x, t.cos(), t.sin(), Tensor.of(new long[] {0, 2, 4}));
        assertArrayEquals(x.mul(x).sum(-1, false).toFloatArray(), y.mul(y).sum(-1, false).toFloatArray(), 1e-4f);
        assertArrayEquals(x.narrow(2, 0, 1).toFloatArray(), y.narrow(2, 0, 1).toFloatArray(), 0f, "position 0");
    }

    @Test
    void q8BlocksHoldAHalfScaleAndSignedBytes() {
        float[] w = new float[32];
        for (int i = 0; i < 32; i++) {
            w[i] = i - 16;                                                        // max |w| = 16: scale 16/127
        }
        Quantized q = Quantized.quantize(Quantized.Format.Q8_0, Tensor.of(w, 1, 32));
        assertEquals(34, q.data().byteSize());
        assertEquals(Float.floatToFloat16(16f / 127), q.data().get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
        assertEquals(-127, q.data().get(ValueLayout.JAVA_BYTE, 2));
        assertEquals(0, q.data().get(ValueLayout.JAVA_BYTE, 2 + 16));
        float[] back = q.dequantize().toFloatArray();
        for (int i = 0; i < 32; i++) {
            assertEquals(w[i], back[i], 16f / 127 / 2 + 1e-2, "weight " + i);
        }
    }

    @Test
    void q4BlocksPackTwoWeightsPerByteWithAnOffsetOfEight() {
        float[] w = new float[32];
        w[0] = -8;                                                                // the extreme sets d = -8 / -8 = 1
        w[16] = 7;
        w[1] = 3;
        Quantized q = Quantized.quantize(Quantized.Format.Q4_0, Tensor.of(w, 1, 32));
        assertEquals(18, q.data().byteSize());
        assertEquals(Float.floatToFloat16(1f), q.data().get(ValueLayout.JAVA_SHORT_UNALIGNED, 0));
        int byte0 = q.data().get(ValueLayout.JAVA_BYTE, 2) & 0xFF;
        assertEquals(0, byte0 & 0x0F, "w[0] = -8 is stored as 0");
        assertEquals(15, byte0 >> 4, "w[16] = 7 is stored as 15");
        assertEquals(11, q.data().get(ValueLayout.JAVA_BYTE, 3) & 0x0F, "w[1] = 3 is stored as 11");
        float[] back = q.dequantize().toFloatArray();
        assertEquals(-8, back[0]);
        assertEquals(7, back[16]);
        assertEquals(3, back[1]);
        assertTrue(back[2] == 0);
    }
}
