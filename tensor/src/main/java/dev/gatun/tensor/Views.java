package dev.gatun.tensor;

import java.util.Arrays;

/** Ops that return a new view of the same memory (a reshape falls back to a copy when no view exists). */
final class Views {
    private Views() {
    }

    static Tensor reshape(Tensor x, int[] requested) {
        int[] shape = inferShape(requested, x.numel(), x.shape());
        if (Arrays.equals(shape, x.shape())) {
            return x;
        }
        long[] strides = viewStrides(x.shape(), x.strides(), shape);
        Tensor base = x;
        if (strides == null) {
            base = Copies.clone(x);
            strides = Shape.contiguousStrides(shape);
        }
        Tensor out = base.view(shape, strides, base.offset());
        return Autograd.record(out, new Node.Reshape(base));
    }

    private static int[] inferShape(int[] requested, long numel, int[] from) {
        int[] shape = requested.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) {
                    throw new GatunException("reshape to " + Arrays.toString(requested) + ": only one size may be -1");
                }
                infer = i;
            } else if (shape[i] < 0) {
                throw new GatunException("reshape to " + Arrays.toString(requested) + ": negative size " + shape[i]);
            } else {
                known *= shape[i];
            }
        }
        if (infer >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new GatunException("cannot reshape a tensor of shape " + Shape.toString(from) + " ("
                        + numel + " elements) to " + Arrays.toString(requested));
            }
            shape[infer] = (int) (numel / known);
            known *= shape[infer];
        }
        if (known != numel) {
            throw new GatunException("cannot reshape a tensor of shape " + Shape.toString(from) + " (" + numel
                    + " elements) to " + Arrays.toString(requested) + " (" + known + " elements)");
        }
        return shape;
    }

    /**
     * Strides that view memory laid out as (oldShape, oldStrides) with newShape, or null when the layout
     * cannot be expressed without a copy. Dimensions are matched in chunks of equal element count; each
     * old chunk must itself be contiguous.
     */
    static long[] viewStrides(int[] oldShape, long[] oldStrides, int[] newShape) {
        long[] newStrides = new long[newShape.length];
        if (Shape.numel(oldShape) == 0 || oldShape.length == 0) {
            return Shape.contiguousStrides(newShape);
        }
        int viewD = newShape.length - 1;
        long chunkBaseStride = oldStrides.length > 0 ? oldStrides[oldStrides.length - 1] : 1;
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int tensorD = oldShape.length - 1; tensorD >= 0; tensorD--) {
            tensorNumel *= oldShape[tensorD];
            if (tensorD == 0 || (oldShape[tensorD - 1] != 1
                    && oldStrides[tensorD - 1] != tensorNumel * chunkBaseStride)) {
                while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] == 1)) {
                    newStrides[viewD] = viewNumel * chunkBaseStride;
                    viewNumel *= newShape[viewD];
                    viewD--;
                }
                if (viewNumel != tensorNumel) {
                    return null;
                }
                if (tensorD > 0) {
                    chunkBaseStride = oldStrides[tensorD - 1];
                    tensorNumel = 1;
                    viewNumel = 1;
                }
            }
        }
        if (viewD != -1) {
            return null;
        }
        return newStrides;
    }

    static Tensor permute(Tensor x, int[] dims) {
        int rank = x.rank();
        if (dims.length != rank) {
            throw new GatunException("permute " + Arrays.toString(dims) + " needs " + rank + " dimensions for shape "
                    + Shape.toString(x.shape()));
        }
        int[] shape = x.shape();
        long[] strides = x.strides();
        int[] ns = new int[rank];
        long[] nst = new long[rank];
        boolean[] seen = new boolean[rank];
        int[] norm = new int[rank];
        for (int i = 0; i < rank; i++) {
            int d = Shape.normalizeDim(dims[i], rank);
            if (seen[d]) {
                throw new GatunException("permute " + Arrays.toString(dims) + " repeats dimension " + d);
            }
            seen[d] = true;
            norm[i] = d;
            ns[i] = shape[d];
            nst[i] = strides[d];
        }
        return Autograd.record(x.view(ns, nst, x.offset()), new Node.Permute(x, norm));
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int rank = x.rank();
        int a = Shape.normalizeDim(dim0, rank);
        int b = Shape.normalizeDim(dim1, rank);
        int[] perm = new int[rank];
        for (int i = 0; i < rank; i++) {
            perm[i] = i;
        }
        perm[a] = b;
        perm[b] = a;
        return permute(x, perm);
    }

    static Tensor slice(Tensor x, int dim, int start, int end, int step) {
        int d = Shape.normalizeDim(dim, x.rank());
        int size = x.size(d);
        if (step < 1) {
            throw new GatunException("slice step must be >= 1, got " + step);
        }
        if (start < 0 || end < start || end > size) {
            throw new GatunException("slice [" + start + ":" + end + "] of dimension " + d + " is out of range for size "
                    + size + " (shape " + Shape.toString(x.shape()) + ")");
        }
        int[] shape = x.shape();
        long[] strides = x.strides();
        shape[d] = (end - start + step - 1) / step;
        long offset = x.offset() + (shape[d] == 0 ? 0 : start * strides[d]);
        strides[d] *= step;
        return Autograd.record(x.view(shape, strides, offset), new Node.Slice(x, d, start, end, step));
    }

    static Tensor select(Tensor x, int dim, int index) {
        int d = Shape.normalizeDim(dim, x.rank());
        int i = index < 0 ? index + x.size(d) : index;
        if (i < 0 || i >= x.size(d)) {
            throw new GatunException("index " + index + " is out of range for dimension " + d + " of size " + x.size(d));
        }
        return squeeze(slice(x, d, i, i + 1, 1), d);
    }

    static Tensor expand(Tensor x, int[] target) {
        int rank = target.length;
        if (rank < x.rank()) {
            throw new GatunException("cannot expand shape " + Shape.toString(x.shape()) + " to fewer dimensions "
                    + Arrays.toString(target));
        }
        int[] shape = x.shape();
        long[] strides = x.strides();
        int lead = rank - shape.length;
        int[] ns = new int[rank];
        long[] nst = new long[rank];
        for (int i = 0; i < rank; i++) {
            int t = target[i];
            if (i < lead) {
                if (t < 0) {
                    throw new GatunException("expand: size -1 not allowed for new leading dimension " + i);
                }
                ns[i] = t;
                nst[i] = 0;
            } else {
                int s = shape[i - lead];
                if (t == -1 || t == s) {
                    ns[i] = s;
                    nst[i] = strides[i - lead];
                } else if (t < 0) {
                    throw new GatunException("cannot expand shape " + Shape.toString(x.shape()) + " to "
                            + Arrays.toString(target) + ": size " + t + " of dimension " + i + " is negative");
                } else if (s == 1) {
                    ns[i] = t;
                    nst[i] = 0;
                } else {
                    throw new GatunException("cannot expand shape " + Shape.toString(x.shape()) + " to "
                            + Arrays.toString(target) + ": dimension " + i + " has size " + s + ", not 1");
                }
            }
        }
        if (Arrays.equals(ns, shape)) {
            return x;
        }
        return Autograd.record(x.view(ns, nst, x.offset()), new Node.Expand(x));
    }

    static Tensor squeeze(Tensor x) {
        int[] shape = x.shape();
        int[] ns = Arrays.stream(shape).filter(s -> s != 1).toArray();
        return reshape(x, ns);
    }

    static Tensor squeeze(Tensor x, int dim) {
        int d = Shape.normalizeDim(dim, x.rank());
        if (x.size(d) != 1) {
            return x;
        }
        int[] shape = x.shape();
        int[] ns = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                ns[j++] = shape[i];
            }
        }
        return reshape(x, ns);
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int d = Shape.normalizeDim(dim, x.rank() + 1);
        int[] shape = x.shape();
        int[] ns = new int[shape.length + 1];
        for (int i = 0, j = 0; i < ns.length; i++) {
            ns[i] = i == d ? 1 : shape[j++];
        }
        return reshape(x, ns);
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        if (x.rank() == 0) {
            return reshape(x, new int[] {1});
        }
        int s = Shape.normalizeDim(startDim, x.rank());
        int e = Shape.normalizeDim(endDim, x.rank());
        if (e < s) {
            throw new GatunException("flatten: end dimension " + endDim + " comes before start dimension " + startDim);
        }
        int[] shape = x.shape();
        int[] ns = new int[shape.length - (e - s)];
        int merged = 1;
        for (int i = s; i <= e; i++) {
            merged *= shape[i];
        }
        int j = 0;
        for (int i = 0; i < s; i++) {
            ns[j++] = shape[i];
        }
        ns[j++] = merged;
        for (int i = e + 1; i < shape.length; i++) {
            ns[j++] = shape[i];
        }
        return reshape(x, ns);
    }

    static Tensor unflatten(Tensor x, int dim, int[] sizes) {
        int d = Shape.normalizeDim(dim, x.rank());
        int[] shape = x.shape();
        int[] ns = new int[shape.length - 1 + sizes.length];
        int j = 0;
        for (int i = 0; i < d; i++) {
            ns[j++] = shape[i];
        }
        for (int s : sizes) {
            ns[j++] = s;
        }
        for (int i = d + 1; i < shape.length; i++) {
            ns[j++] = shape[i];
        }
        return reshape(x, ns);
    }
}
