package dev.gatun.tensor;

import dev.gatun.tensor.kernels.CopyKernels;
import java.util.Arrays;
import java.util.List;

/** Ops that copy elements: contiguous clones, dtype casts, concatenation and padding. */
final class Copies {
    private Copies() {
    }

    static Tensor clone(Tensor x) {
        Tensor out = Tensor.zeros(x.dtype(), x.shape());
        copyRaw(x, out);
        return Autograd.record(out, new Node.Copy(x));
    }

    static Tensor cast(Tensor x, DType target) {
        Tensor out = Tensor.zeros(target, x.shape());
        copyRaw(x, out);
        if (!target.isFloatingPoint() || !x.dtype().isFloatingPoint()) {
            return out;
        }
        return Autograd.record(out, new Node.Cast(x));
    }

    /** Copies {@code src} broadcast into {@code dst} (any strides); not recorded. */
    static void copyInto(Tensor src, Tensor dst) {
        if (Autograd.isGradEnabled() && dst.requiresGrad()) {
            throw new GatunException("copy_ into a tensor that requires grad; run it inside Autograd.noGrad()");
        }
        int[] shape = Shape.broadcast(dst.shape(), src.shape());
        if (!Arrays.equals(shape, dst.shape())) {
            throw new GatunException("cannot copy a tensor of shape " + Shape.toString(src.shape())
                    + " into one of shape " + Shape.toString(dst.shape()));
        }
        copyRaw(src, dst);
    }

    private static void copyRaw(Tensor src, Tensor dst) {
        Iteration.run(dst.shape(), CopyKernels.copy(src.dtype(), src.segment(), dst.dtype(), dst.segment()), src, dst);
    }

    static void fill(Tensor t, double value) {
        copyInto(Tensor.scalar(t.dtype(), value), t);
    }

    static Tensor cat(List<Tensor> xs, int dim) {
        if (xs.isEmpty()) {
            throw new GatunException("cat needs at least one tensor");
        }
        Tensor first = xs.get(0);
        int d = Shape.normalizeDim(dim, first.rank());
        int[] shape = first.shape();
        DType type = first.dtype();
        int total = 0;
        for (int i = 0; i < xs.size(); i++) {
            Tensor t = xs.get(i);
            int[] s = t.shape();
            if (s.length != shape.length) {
                throw new GatunException("cat: tensor " + i + " has rank " + s.length + ", tensor 0 has rank " + shape.length);
            }
            for (int k = 0; k < s.length; k++) {
                if (k != d && s[k] != shape[k]) {
                    throw new GatunException("cat along dimension " + d + ": tensor " + i + " has shape "
                            + Shape.toString(s) + ", expected " + Shape.toString(shape) + " outside that dimension");
                }
            }
            total += s[d];
            type = DType.promote(type, t.dtype());
        }
        shape[d] = total;
        Tensor out = Tensor.zeros(type, shape);
        int start = 0;
        for (Tensor t : xs) {
            int len = t.size(d);
            copyRaw(t, out.detach().narrow(d, start, len));
            start += len;
        }
        return Autograd.record(out, new Node.Cat(List.copyOf(xs), d));
    }

    /**
     * Constant padding with PyTorch's {@code F.pad} convention: {@code pads} lists (before, after) pairs
     * starting from the last dimension.
     */
    static Tensor pad(Tensor x, int[] pads, double value) {
        int rank = x.rank();
        if (pads.length % 2 != 0 || pads.length / 2 > rank) {
            throw new GatunException("pad needs (before, after) pairs for at most " + rank + " dimensions, got "
                    + Arrays.toString(pads));
        }
        int[] before = new int[rank];
        int[] after = new int[rank];
        int[] shape = x.shape();
        for (int i = 0; i < pads.length / 2; i++) {
            int d = rank - 1 - i;
            before[d] = pads[2 * i];
            after[d] = pads[2 * i + 1];
            if (before[d] < 0 || after[d] < 0) {
                throw new GatunException("pad amounts must be >= 0, got " + Arrays.toString(pads));
            }
            shape[d] += before[d] + after[d];
        }
        Tensor out = Tensor.full(x.dtype(), value, shape);
        Tensor window = out.detach();
        for (int d = 0; d < rank; d++) {
            window = window.narrow(d, before[d], x.size(d));
        }
        copyRaw(x, window);
        return Autograd.record(out, new Node.Pad(x, before, after));
    }
}
