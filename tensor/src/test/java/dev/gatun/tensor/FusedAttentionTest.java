package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.kernels.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link FusedAttention} against {@code softmax(q kᵀ · scale + bias) v} composed of plain ops, with q, k
 * and v strided views of one projection and the output written into a (B, T, H, Dv) layout.
 */
class FusedAttentionTest {

    @ParameterizedTest
    @CsvSource({
        "1, 1, 1, 1, 1, 1, 0",
        "2, 3, 5, 5, 8, 8, 0",
        "3, 2, 7, 11, 5, 3, 0",
        "1, 12, 50, 50, 64, 64, 0",
        "4, 3, 9, 9, 4, 4, 2",
        "6, 2, 49, 49, 32, 32, 3",
        "2, 1, 17, 6, 7, 9, 1",
        "5, 1, 4, 6, 3, 2, 5",
        "8, 3, 49, 49, 32, 32, 4",
    })
    void equalsTheComposition(int b, int h, int tq, int tk, int d, int dv, int windows) {
        SplittableRandom rng = new SplittableRandom(b * 1000L + h * 100L + tq * 10L + tk + d + dv + windows);
        int previous = Parallel.threads();
        Parallel.setThreads(3);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor qRows = Tensor.randn(rng, DType.F32, b, tq, h, d + 2).mul(1.5);           // padded columns
            Tensor kv = Tensor.randn(rng, DType.F32, b, tk, 2, h, Math.max(d, dv)).mul(1.5);  // (B, Tk, 2, H, ·)
            Tensor q = qRows.narrow(3, 1, d).permute(0, 2, 1, 3);                            // (B, H, Tq, D)
            Tensor k = kv.select(2, 0).narrow(3, 0, d).permute(0, 2, 1, 3);                  // (B, H, Tk, D)
            Tensor v = kv.select(2, 1).narrow(3, 0, dv).permute(0, 2, 1, 3);                 // (B, H, Tk, Dv)
            Tensor bias = windows == 0 ? null : Tensor.randn(rng, DType.F32, windows, h, tq, tk).mul(2.0);
            double scale = 1 / Math.sqrt(d);

            Tensor scores = q.matmul(k.mT()).mul(scale);                                     // (B, H, Tq, Tk)
            if (bias != null) {
                scores = scores.reshape(b / windows, windows, h, tq, tk).add(bias).reshape(b, h, tq, tk);
            }
            Tensor expected = scores.softmax(-1).matmul(v);                                  // (B, H, Tq, Dv)

            Tensor rows = Tensor.zeros(DType.F32, b, tq, h, dv);                             // (B, Tq, H, Dv)
            Tensor out = rows.permute(0, 2, 1, 3);                                           // (B, H, Tq, Dv)
            FusedAttention.attention(q, k, v, out, scale, bias, null);
            assertClose(expected, out);

            Tensor again = Tensor.zeros(DType.F32, b, h, tq, dv);
            FusedAttention.attention(q, k, v, again, scale, bias, Tensor.zeros(DType.F32, h * tq * tk + 3));
            assertClose(expected, again);

            // contiguous (B, H, T, D) operands: all batch entries and heads in one product
            Tensor merged = Tensor.zeros(DType.F32, b, h, tq, dv);
            FusedAttention.attention(q.contiguous(), k.contiguous(), v.contiguous(), merged, scale, bias, null);
            assertClose(expected, merged);
        } finally {
            Parallel.setThreads(previous);
        }
    }

    private static void assertClose(Tensor expected, Tensor actual) {
        double diff = FusedRowsTest.maxAbsDiff(expected.contiguous(), actual.contiguous());
        assertTrue(diff <= 1e-5, "max abs diff " + diff);
    }

    @Test
    void badShapesAndBuffersAreRefused() {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor q = Tensor.zeros(DType.F32, 2, 3, 4, 5);
            Tensor out = Tensor.zeros(DType.F32, 2, 3, 4, 5);
            assertThrows(GatunException.class, () -> FusedAttention.attention(q, q, q,
                    Tensor.zeros(DType.F32, 2, 3, 5, 4).mT(), 1, null, null));
            assertThrows(GatunException.class, () -> FusedAttention.attention(q, q, q, out, 1,
                    Tensor.zeros(DType.F32, 3, 3, 4, 4), null));
            assertThrows(GatunException.class, () -> FusedAttention.attention(q, q, q, out, 1, null,
                    Tensor.zeros(DType.F32, 10, 10).mT()));
            assertThrows(GatunException.class, () -> FusedAttention.attention(q, q.narrow(2, 0, 3), q, out, 1, null, null));
        }
    }
}
