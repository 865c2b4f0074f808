package dev.gatun.tensor;

import dev.gatun.tensor.kernels.IndexKernels;
import dev.gatun.tensor.kernels.StridedLoop;
import java.util.Arrays;
import java.util.Comparator;

/** Index-driven ops: gather, scatter_add, index_select, cumsum and topk. */
final class Indexing {
    private Indexing() {
    }

    static Tensor gather(Tensor x, int dim, Tensor index) {
        int d = checkIndexShape("gather", x, dim, index);
        Tensor out = Tensor.zeros(x.dtype(), index.shape());
        Tensor view = dimZeroView(x, d, index.shape());
        Iteration.run(index.shape(), IndexKernels.gather(x.dtype(), x.segment(), x.strides()[d] * x.dtype().byteSize(),
                x.size(d), index.dtype(), index.segment(), out.segment()), view, index, out);
        return Autograd.record(out, new Node.Gather(x, d, index));
    }

    static Tensor scatterAdd(Tensor self, int dim, Tensor index, Tensor src) {
        int d = checkIndexShape("scatter_add", self, dim, index);
        if (src.rank() != index.rank()) {
            throw new GatunException("scatter_add: index shape " + Shape.toString(index.shape()) + " and src shape "
                    + Shape.toString(src.shape()) + " have different ranks");
        }
        for (int i = 0; i < index.rank(); i++) {
            if (index.shape()[i] > src.shape()[i]) {
                throw new GatunException("scatter_add: index shape " + Shape.toString(index.shape())
                        + " is larger than src shape " + Shape.toString(src.shape()) + " in dimension " + i);
            }
        }
        Tensor out = Copies.clone(self.detach());
        scatterInto(out, d, index, src.detach(), index.shape());
        return Autograd.record(out, new Node.ScatterAdd(self, d, index, src));
    }

    /** {@code target[index[i] along dim] += src[i]} for the index broadcast to {@code src}; target modified in place. */
    static Tensor indexAddInto(Tensor target, int dim, Tensor index, Tensor src) {
        int d = Shape.normalizeDim(dim, target.rank());
        Tensor expanded = alongDim(index, d, src.shape());
        scatterInto(target, d, expanded, src, src.shape());
        return target;
    }

    private static void scatterInto(Tensor target, int d, Tensor index, Tensor src, int[] shape) {
        Tensor view = dimZeroView(target, d, shape);
        Tensor srcView = src.rank() == shape.length && !Arrays.equals(src.shape(), shape)
                ? sliceTo(src, shape) : src;
        long[][] strides = {Iteration.byteStrides(view, shape), Iteration.byteStrides(index, shape),
            Iteration.byteStrides(srcView, shape)};
        long[] offsets = {view.offset() * view.dtype().byteSize(), index.offset() * index.dtype().byteSize(),
            srcView.offset() * srcView.dtype().byteSize()};
        // Single-threaded: two positions of the index may add into the same element.
        StridedLoop.run(shape, strides, offsets, Long.MAX_VALUE, IndexKernels.scatterAdd(target.dtype(), target.segment(),
                target.strides()[d] * target.dtype().byteSize(), target.size(d), index.dtype(), index.segment(),
                srcView.dtype(), srcView.segment()));
    }

    private static Tensor sliceTo(Tensor t, int[] shape) {
        Tensor v = t;
        for (int i = 0; i < shape.length; i++) {
            v = v.narrow(i, 0, shape[i]);
        }
        return v;
    }

    static Tensor indexSelect(Tensor x, int dim, Tensor index) {
        if (index.rank() > 1 || index.dtype().isFloatingPoint()) {
            throw new GatunException("index_select needs a 1-D integer index, got " + index.dtype() + " of shape "
                    + Shape.toString(index.shape()));
        }
        int d = Shape.normalizeDim(dim, x.rank());
        int[] outShape = x.shape();
        outShape[d] = (int) index.numel();
        Tensor idx = alongDim(index.reshape(-1), d, outShape);
        Tensor out = Tensor.zeros(x.dtype(), outShape);
        Tensor view = dimZeroView(x, d, outShape);
        Iteration.run(outShape, IndexKernels.gather(x.dtype(), x.segment(), x.strides()[d] * x.dtype().byteSize(),
                x.size(d), idx.dtype(), idx.segment(), out.segment()), view, idx, out);
        return Autograd.record(out, new Node.IndexSelect(x, d, index.reshape(-1)));
    }

    /** A 1-D index viewed with {@code shape}: varying along d, constant elsewhere. */
    private static Tensor alongDim(Tensor index1d, int d, int[] shape) {
        long[] strides = new long[shape.length];
        strides[d] = index1d.strides()[0];
        return index1d.detach().view(shape.clone(), strides, index1d.offset());
    }

    /** x viewed with {@code shape} and stride 0 along d: the kernel adds index * stride itself. */
    private static Tensor dimZeroView(Tensor x, int d, int[] shape) {
        long[] strides = x.strides();
        strides[d] = 0;
        return x.detach().view(shape.clone(), strides, x.offset());
    }

    private static int checkIndexShape(String op, Tensor x, int dim, Tensor index) {
        int d = Shape.normalizeDim(dim, x.rank());
        if (index.dtype().isFloatingPoint()) {
            throw new GatunException(op + " needs an integer index, got " + index.dtype());
        }
        if (index.rank() != x.rank()) {
            throw new GatunException(op + ": index has rank " + index.rank() + ", input has rank " + x.rank());
        }
        for (int i = 0; i < x.rank(); i++) {
            if (i != d && index.shape()[i] > x.shape()[i]) {
                throw new GatunException(op + ": index shape " + Shape.toString(index.shape())
                        + " exceeds input shape " + Shape.toString(x.shape()) + " in dimension " + i);
            }
        }
        return d;
    }

    static Tensor cumsum(Tensor x, int dim) {
        return cumsum(x, dim, false);
    }

    static Tensor cumsum(Tensor x, int dim, boolean reverse) {
        int d = Shape.normalizeDim(dim, x.rank());
        DType type = x.dtype().isFloatingPoint() ? x.dtype() : DType.I64;
        Tensor moved = x.detach().transpose(d, -1);
        Tensor rows = type == x.dtype() ? Copies.clone(moved) : moved.to(type);
        long len = x.size(d);
        IndexKernels.cumsumRows(type, rows.segment(), rows.offset(), len == 0 ? 0 : x.numel() / len, len, reverse);
        Tensor out = rows.detach().transpose(d, -1).contiguous();
        return Autograd.record(out, new Node.Cumsum(x, d, reverse));
    }

    /** The k largest (or smallest) elements along {@code dim}, sorted, with their indices. */
    static TopK topk(Tensor x, int k, int dim, boolean largest) {
        int d = Shape.normalizeDim(dim, x.rank());
        int len = x.size(d);
        if (k < 0 || k > len) {
            throw new GatunException("topk: k = " + k + " is out of range for dimension " + d + " of size " + len);
        }
        Tensor rows = x.detach().transpose(d, -1).contiguous().to(DType.F64);
        double[] values = rows.toDoubleArray();
        long rowCount = len == 0 ? 0 : values.length / len;
        long[] picked = new long[Math.toIntExact(rowCount * k)];
        Integer[] order = new Integer[len];
        for (int r = 0; r < rowCount; r++) {
            int base = r * len;
            for (int i = 0; i < len; i++) {
                order[i] = i;
            }
            Comparator<Integer> byValue = largest
                    ? (p, q) -> Double.compare(values[base + q], values[base + p])
                    : (p, q) -> Double.compare(values[base + p], values[base + q]);
            Arrays.sort(order, byValue);
            for (int i = 0; i < k; i++) {
                picked[r * k + i] = order[i];
            }
        }
        int[] idxShape = rows.shape();
        idxShape[idxShape.length - 1] = k;
        Tensor indices = Tensor.of(picked, idxShape).transpose(d, -1).contiguous();
        return new TopK(x.gather(d, indices), indices);
    }
}
