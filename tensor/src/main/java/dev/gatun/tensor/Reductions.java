package dev.gatun.tensor;

import dev.gatun.tensor.kernels.ReduceKernels;
import java.util.Arrays;

/** Reductions over dimensions: sum, max, min (primitives) and mean, var, argmax (composed or not differentiable). */
final class Reductions {
    private Reductions() {
    }

    static Tensor reduce(ReduceKind kind, Tensor x, int[] dims, boolean keepdim) {
        int rank = x.rank();
        boolean[] reduced = reducedMask(dims, rank);
        int[] shape = x.shape();
        int[] perm = new int[rank];
        int[] outShape = new int[rank];
        int p = 0;
        long rows = 1;
        long len = 1;
        for (int d = 0; d < rank; d++) {
            if (!reduced[d]) {
                perm[p++] = d;
                rows *= shape[d];
            }
        }
        for (int d = 0; d < rank; d++) {
            if (reduced[d]) {
                perm[p++] = d;
                len *= shape[d];
            }
            outShape[d] = reduced[d] ? 1 : shape[d];
        }
        if (len == 0 && kind != ReduceKind.SUM) {
            throw new GatunException(kind.name().toLowerCase() + " over an empty dimension of shape " + Shape.toString(shape));
        }
        DType outType = kind == ReduceKind.SUM && !x.dtype().isFloatingPoint() ? DType.I64 : x.dtype();
        Tensor rowsView;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            rowsView = x.detach().permute(perm).contiguous();
        }
        Tensor out = Tensor.zeros(outType, keepdim ? outShape : squeezeShape(outShape, reduced));
        ReduceKernels.rows(kind, rowsView.dtype(), rowsView.segment(), rowsView.offset(), rows, len, outType, out.segment());
        return Autograd.record(out, new Node.Reduce(kind, x, normalized(reduced), keepdim, out));
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepdim) {
        Tensor f = x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
        long count = reducedCount(f.shape(), reducedMask(dims, f.rank()));
        return reduce(ReduceKind.SUM, f, dims, keepdim).div((double) count);
    }

    static Tensor var(Tensor x, int[] dims, int correction, boolean keepdim) {
        Tensor f = x.dtype().isFloatingPoint() ? x : x.to(DType.F32);
        long count = reducedCount(f.shape(), reducedMask(dims, f.rank()));
        Tensor centered = f.sub(mean(f, dims, true));
        return reduce(ReduceKind.SUM, centered.mul(centered), dims, keepdim).div((double) Math.max(0, count - correction));
    }

    static Tensor argExtreme(Tensor x, int dim, boolean keepdim, boolean largest) {
        int d = Shape.normalizeDim(dim, x.rank());
        if (x.size(d) == 0) {
            throw new GatunException("arg" + (largest ? "max" : "min") + " over an empty dimension of shape "
                    + Shape.toString(x.shape()));
        }
        Tensor rows;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            rows = x.detach().transpose(d, -1).contiguous();
        }
        int[] outShape = x.shape();
        outShape[d] = 1;
        Tensor out = Tensor.zeros(DType.I64, outShape);
        long len = x.size(d);
        ReduceKernels.argRows(largest, rows.dtype(), rows.segment(), rows.offset(), x.numel() / len, len, out.segment());
        // Rows were laid out with d moved last; out was filled in that order, which for a size-1 d is the same.
        Tensor result = out.reshape(transposedShape(outShape, d)).transpose(d, -1).contiguous();
        return keepdim ? result : result.squeeze(d);
    }

    private static int[] transposedShape(int[] shape, int d) {
        int[] s = shape.clone();
        int last = s.length - 1;
        int tmp = s[d];
        s[d] = s[last];
        s[last] = tmp;
        return s;
    }

    private static boolean[] reducedMask(int[] dims, int rank) {
        boolean[] reduced = new boolean[rank];
        for (int dim : dims) {
            int d = Shape.normalizeDim(dim, rank);
            if (reduced[d]) {
                throw new GatunException("dimension " + dim + " appears twice in " + Arrays.toString(dims));
            }
            reduced[d] = true;
        }
        return reduced;
    }

    private static int[] normalized(boolean[] reduced) {
        return java.util.stream.IntStream.range(0, reduced.length).filter(i -> reduced[i]).toArray();
    }

    private static long reducedCount(int[] shape, boolean[] reduced) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                n *= shape[d];
            }
        }
        return n;
    }

    private static int[] squeezeShape(int[] shape, boolean[] reduced) {
        return java.util.stream.IntStream.range(0, shape.length).filter(i -> !reduced[i]).map(i -> shape[i]).toArray();
    }

    /** Re-inserts the size-1 dimensions a reduction without keepdim removed. */
    static Tensor unsqueezeReduced(Tensor g, int[] dims, int rank) {
        int[] sorted = dims.clone();
        for (int i = 0; i < sorted.length; i++) {
            sorted[i] = Shape.normalizeDim(sorted[i], rank);
        }
        Arrays.sort(sorted);
        Tensor out = g;
        for (int d : sorted) {
            out = out.unsqueeze(d);
        }
        return out;
    }
}
