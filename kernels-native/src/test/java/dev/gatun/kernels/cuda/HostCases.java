package dev.gatun.kernels.cuda;

import static dev.gatun.kernels.cuda.CudaParityTest.bools;
import static dev.gatun.kernels.cuda.CudaParityTest.cat;
import static dev.gatun.kernels.cuda.CudaParityTest.f64;
import static dev.gatun.kernels.cuda.CudaParityTest.randn;

import dev.gatun.kernels.cuda.CudaParityTest.Case;
import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.backend.SoftmaxSpec;
import dev.gatun.tensor.kernels.GemmSpec;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Parity cases of {@link CudaBackend} on host tensors, as existing code calls it: strided, transposed,
 * broadcast and padded products (compared with the Java backend on the very same spec, gaps of C included),
 * and fused kernels writing into strided output views.
 */
final class HostCases {
    private HostCases() {
    }

    static List<Case> all() {
        List<Case> cases = new ArrayList<>();
        cases.add(gemm("row-major f32, Bᵀ (a Linear layer) m=33 n=70 k=19", 1, 33, 70, 19, DType.F32, DType.F32, false, false));
        cases.add(gemm("batch 2, transposed A view, broadcast bf16 B, padded C, accumulate", 2, 65, 31, 40, DType.F32,
                DType.BF16, true, true));
        cases.add(gemm("f16 x f16, batch 3, transposed A, padded C", 3, 17, 130, 9, DType.F16, DType.F16, true, false));
        cases.add(gemm("k=0 accumulate keeps C", 1, 4, 5, 0, DType.F32, DType.F32, false, true));
        cases.add(softmax());
        cases.add(attention());
        cases.add(selectiveScan());
        return cases;
    }

    /**
     * A product with A stored (k, m) and read transposed when {@code strided}, B (k, n) shared by the batch
     * (batch stride 0), and C with 3 extra columns per row; the Java backend runs the same spec on a copy.
     */
    private static Case gemm(String label, int batch, int m, int n, int k, DType at, DType bt, boolean strided,
                             boolean accumulate) {
        return new Case("gemm (host)", label, at == DType.F32 && bt == DType.F32 ? 1e-5 : 1e-4, () -> {
            Tensor a = randn(51, at, batch, strided ? k : m, strided ? m : k);
            Tensor b = randn(52, bt, k, n);
            int ldc = n + 3;
            Tensor c = randn(53, DType.F32, batch, m, ldc);
            Tensor cJava = c.clone();
            long aRow = strided ? 1 : k;
            long aCol = strided ? m : 1;
            Backend cuda = new CudaBackend();
            cuda.gemm(spec(batch, m, n, k, at, a.segment(), aRow, aCol, bt, b.segment(), c.segment(), ldc, accumulate));
            Backends.java().gemm(spec(batch, m, n, k, at, a.segment(), aRow, aCol, bt, b.segment(), cJava.segment(), ldc,
                    accumulate));
            return new double[][] {cJava.toDoubleArray(), c.toDoubleArray()};
        });
    }

    private static GemmSpec spec(int batch, int m, int n, int k, DType at, MemorySegment a, long aRow, long aCol, DType bt,
                                 MemorySegment b, MemorySegment c, int ldc, boolean accumulate) {
        return new GemmSpec(batch, m, n, k, at, a, 0, (long) m * k, aRow, aCol, bt, b, 0, 0, n, 1, DType.F32, c, 0,
                (long) m * ldc, ldc, accumulate);
    }

    private static Case softmax() {
        return new Case("softmax (host)", "[6, 7] into a transposed view", 1e-5, () -> {
            Tensor x = randn(61, DType.F32, 6, 7);
            Tensor out = Tensor.zeros(DType.F32, 7, 6).mT();
            SoftmaxSpec spec = new SoftmaxSpec(x, out);
            Backend cuda = new CudaBackend();
            if (!cuda.supports(spec)) {
                throw new AssertionError("the cuda backend declined " + spec.kernel());
            }
            cuda.execute(spec);
            return new double[][] {CudaParityTest.rowsReference("softmax", x, null, null, 0), out.toDoubleArray()};
        });
    }

    private static Case attention() {
        return new Case("attention (host)", "gqa 4/2 tq=9 tk=45 causal with key padding", 1e-4, () -> {
            Tensor q = randn(71, DType.F32, 2, 4, 9, 32);
            Tensor k = randn(72, DType.F32, 2, 2, 45, 32);
            Tensor v = randn(73, DType.F32, 2, 2, 45, 32);
            AttentionMask mask = AttentionMask.NONE.withCausal(true).withKeyMask(bools(74, 0.7, 2, 45));
            AttentionSpec spec = new AttentionSpec(q, k, v, Tensor.zeros(DType.F32, 2, 4, 9, 32), 0.2, mask);
            new CudaBackend().execute(spec);
            return new double[][] {CudaParityTest.attentionReference(q, k, v, 0.2, mask), spec.out().toDoubleArray()};
        });
    }

    private static Case selectiveScan() {
        return new Case("selective_scan (host)", "[2, 4, 30, 16] softplus, D, z, last state", 1e-4, () -> {
            Tensor u = randn(81, DType.F32, 2, 4, 30);
            Tensor delta = randn(82, DType.F32, 2, 4, 30);
            Tensor a = randn(83, DType.F32, 4, 16).abs().neg();
            Tensor b = randn(84, DType.F32, 2, 16, 30);
            Tensor c = randn(85, DType.F32, 2, 16, 30);
            Tensor d = randn(86, DType.F32, 4);
            Tensor z = randn(87, DType.F32, 2, 4, 30);
            SelectiveScanSpec spec = new SelectiveScanSpec(u, delta, a, b, c, d, z, null, true, null,
                    Tensor.zeros(DType.F32, 2, 4, 30), Tensor.zeros(DType.F32, 2, 4, 16));
            new CudaBackend().execute(spec);
            dev.gatun.tensor.SelectiveScan.Result ref = dev.gatun.tensor.SelectiveScan.reference(f64(u), f64(delta), f64(a),
                    f64(b), f64(c), f64(d), f64(z), null, true, null);
            return new double[][] {cat(ref.out().toDoubleArray(), ref.lastState().toDoubleArray()),
                cat(spec.out().toDoubleArray(), spec.lastState().toDoubleArray())};
        });
    }
}
