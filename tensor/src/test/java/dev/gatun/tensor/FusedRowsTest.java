package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** {@link FusedRows} against the compositions it replaces, on awkward row counts and widths. */
class FusedRowsTest {

    static double maxAbsDiff(Tensor a, Tensor b) {
        float[] x = a.toFloatArray();
        float[] y = b.toFloatArray();
        assertTrue(x.length == y.length, "sizes differ");
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs((double) x[i] - y[i]));
        }
        return max;
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 7", "5, 17", "13, 40", "197, 768", "64, 1"})
    void layerNormIntoAnotherBufferEqualsTheComposition(int rows, int c) {
        SplittableRandom rng = new SplittableRandom(rows * 31L + c);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor x = Tensor.randn(rng, DType.F32, rows, c).mul(3.0).add(1.5);
            Tensor w = Tensor.randn(rng, DType.F32, c);
            Tensor b = Tensor.randn(rng, DType.F32, c);
            Tensor expected = Functional.layerNorm(x, 1, w, b, 1e-5);
            Tensor out = Tensor.zeros(DType.F32, rows, c);
            FusedRows.layerNorm(x, w, b, 1e-5, out);
            double diff = maxAbsDiff(expected, out);
            assertTrue(diff <= 1e-4, "max abs diff " + diff);
            // without affine parameters, in place
            Tensor plain = Functional.layerNorm(x, 1, null, null, 1e-12);
            FusedRows.layerNorm(x, null, null, 1e-12, x);
            diff = maxAbsDiff(plain, x);
            assertTrue(diff <= 1e-4, "in place, max abs diff " + diff);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "3, 7", "5, 17", "197, 3072", "1, 2049"})
    void geluInPlaceEqualsTheComposition(int rows, int n) {
        SplittableRandom rng = new SplittableRandom(rows * 17L + n);
        int previous = Parallel.threads();
        Parallel.setThreads(3);
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor x = Tensor.randn(rng, DType.F32, rows, n).mul(4.0);
            Tensor exact = Functional.gelu(x);
            Tensor tanh = Functional.geluTanh(x);
            Tensor y = x.contiguous().clone();
            FusedRows.activation_(ActivationSpec.Kind.GELU, y);
            assertTrue(maxAbsDiff(exact, y) <= 1e-5, "gelu: " + maxAbsDiff(exact, y));
            Tensor z = x.contiguous().clone();
            FusedRows.activation_(ActivationSpec.Kind.GELU_TANH, z);
            assertTrue(maxAbsDiff(tanh, z) <= 1e-5, "gelu tanh: " + maxAbsDiff(tanh, z));
        } finally {
            Parallel.setThreads(previous);
        }
    }

    @Test
    void stridedOrMismatchedBuffersAreRefused() {
        try (Scope s = Scope.open()) {
            Tensor x = Tensor.zeros(DType.F32, 4, 6);
            assertThrows(GatunException.class, () -> FusedRows.layerNorm(x.mT(), null, null, 1e-5, Tensor.zeros(DType.F32, 6, 4)));
            assertThrows(GatunException.class, () -> FusedRows.layerNorm(x, null, null, 1e-5, Tensor.zeros(DType.F32, 3, 6)));
            assertThrows(GatunException.class, () -> FusedRows.layerNorm(x, Tensor.zeros(DType.F32, 5), null, 1e-5, x));
            assertThrows(GatunException.class, () -> FusedRows.activation_(ActivationSpec.Kind.SILU, x));
        }
    }
}
