package dev.gatun.tensor;

import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.kernels.GemmSpec;
import java.util.Arrays;

/** {@code matmul} with PyTorch's semantics, running batched products through the selected backend. */
final class MatMul {
    private MatMul() {
    }

    static Tensor matmul(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new GatunException("matmul needs operands of rank >= 1, got shapes " + Shape.toString(a.shape())
                    + " and " + Shape.toString(b.shape()));
        }
        if (a.rank() == 1 && b.rank() == 1) {
            return batched(a.unsqueeze(0), b.unsqueeze(1)).reshape();
        }
        if (a.rank() == 1) {
            return batched(a.unsqueeze(0), b).squeeze(-2);
        }
        if (b.rank() == 1) {
            return batched(a, b.unsqueeze(1)).squeeze(-1);
        }
        return batched(a, b);
    }

    /** The primitive: operands of rank >= 2 whose leading (batch) dimensions broadcast. */
    private static Tensor batched(Tensor a, Tensor b) {
        int[] as = a.shape();
        int[] bs = b.shape();
        int m = as[as.length - 2];
        int k = as[as.length - 1];
        int n = bs[bs.length - 1];
        if (bs[bs.length - 2] != k) {
            throw new GatunException("matmul: shapes " + Shape.toString(as) + " and " + Shape.toString(bs)
                    + " do not fit (inner sizes " + k + " vs " + bs[bs.length - 2] + ")");
        }
        int[] batch = Shape.broadcast(Arrays.copyOf(as, as.length - 2), Arrays.copyOf(bs, bs.length - 2));
        DType aType;
        DType bType;
        DType cType;
        if (a.dtype() == DType.F64 || b.dtype() == DType.F64) {
            aType = bType = cType = DType.F64;
        } else {
            aType = floatOperand(a.dtype());
            bType = floatOperand(b.dtype());
            cType = DType.F32;
        }
        Tensor ca = a.dtype() == aType ? a : a.detach().to(aType);
        Tensor cb = b.dtype() == bType ? b : b.detach().to(bType);
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = Tensor.zeros(cType, outShape);
        run(ca, cb, out, batch, m, n, k);
        return Autograd.record(out, new Node.MatMul(a, b));
    }

    private static DType floatOperand(DType t) {
        return t == DType.F32 || t == DType.BF16 || t == DType.F16 ? t : DType.F32;
    }

    private static void run(Tensor a, Tensor b, Tensor out, int[] batch, int m, int n, int k) {
        long[] aBatch = batchStrides(a, batch);
        long[] bBatch = batchStrides(b, batch);
        long[] cBatch = batchStrides(out, batch);
        long[] as = a.strides();
        long[] bs = b.strides();
        long aRow = as[as.length - 2];
        long aCol = as[as.length - 1];
        long bRow = bs[bs.length - 2];
        long bCol = bs[bs.length - 1];
        // Collapse batch dimensions that all three operands step through uniformly into the innermost one.
        int inner = batch.length;
        long innerCount = 1;
        while (inner > 0) {
            int d = inner - 1;
            if (inner < batch.length && !(uniform(aBatch, d, batch) && uniform(bBatch, d, batch) && uniform(cBatch, d, batch))) {
                break;
            }
            innerCount *= batch[d];
            inner = d;
        }
        int innerDim = batch.length - 1;
        long aStep = batch.length == 0 ? 0 : aBatch[innerDim];
        long bStep = batch.length == 0 ? 0 : bBatch[innerDim];
        long cStep = batch.length == 0 ? 0 : cBatch[innerDim];
        long outer = 1;
        for (int d = 0; d < inner; d++) {
            outer *= batch[d];
        }
        int[] idx = new int[inner];
        for (long o = 0; o < outer; o++) {
            long ao = a.offset();
            long bo = b.offset();
            long co = out.offset();
            for (int d = 0; d < inner; d++) {
                ao += idx[d] * aBatch[d];
                bo += idx[d] * bBatch[d];
                co += idx[d] * cBatch[d];
            }
            GemmSpec spec = new GemmSpec(Math.toIntExact(innerCount), m, n, k,
                    a.dtype(), a.segment(), ao, aStep, aRow, aCol,
                    b.dtype(), b.segment(), bo, bStep, bRow, bCol,
                    out.dtype(), out.segment(), co, cStep, n, false);
            Backends.forGemm(spec).gemm(spec);
            for (int d = inner - 1; d >= 0; d--) {
                if (++idx[d] < batch[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    /** Whether dimension d steps by exactly (size of d+1) times the step of d+1, so d and d+1 merge. */
    private static boolean uniform(long[] strides, int d, int[] batch) {
        return strides[d] == strides[d + 1] * batch[d + 1];
    }

    /** Element strides of t's batch dimensions once broadcast to {@code batch} (0 where broadcast). */
    private static long[] batchStrides(Tensor t, int[] batch) {
        int[] ts = t.shape();
        long[] st = t.strides();
        int tb = ts.length - 2;
        int lead = batch.length - tb;
        long[] out = new long[batch.length];
        for (int i = 0; i < batch.length; i++) {
            int j = i - lead;
            out[i] = j < 0 || (ts[j] == 1 && batch[i] != 1) ? 0 : st[j];
        }
        return out;
    }
}
