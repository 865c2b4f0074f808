package dev.gatun.tensor;

import dev.gatun.tensor.kernels.BinaryKernels;
import dev.gatun.tensor.kernels.UnaryKernels;
import java.util.Arrays;

/** Elementwise primitives: unary functions, broadcasting binary functions, comparisons and {@code where}. */
final class Elementwise {
    private Elementwise() {
    }

    static Tensor unary(UnaryKind kind, Tensor x) {
        DType outType = x.dtype().isFloatingPoint() || kind == UnaryKind.NEG || kind == UnaryKind.ABS
                || kind == UnaryKind.SIGN || kind == UnaryKind.RELU ? x.dtype() : DType.F32;
        Tensor in = x.to(outType);
        Tensor out = Tensor.zeros(outType, x.shape());
        Iteration.run(out.shape(), UnaryKernels.row(kind, in.dtype(), in.segment(), outType, out.segment()), in, out);
        return Autograd.record(out, new Node.Unary(kind, x, out));
    }

    static Tensor binary(BinaryKind kind, Tensor a, Tensor b) {
        DType type = DType.promote(a.dtype(), b.dtype());
        if (kind == BinaryKind.DIV && !type.isFloatingPoint()) {
            type = DType.F32; // true division, as in PyTorch
        }
        int[] shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = Tensor.zeros(type, shape);
        Tensor ca = computeType(a, type);
        Tensor cb = computeType(b, type);
        Iteration.run(shape, BinaryKernels.row(kind, ca.dtype(), ca.segment(), cb.dtype(), cb.segment(), type, out.segment()),
                ca, cb, out);
        return Autograd.record(out, new Node.Binary(kind, a, b, out));
    }

    /** Float operands are converted to the computation type; integers feeding a float result are read as they are. */
    private static Tensor computeType(Tensor t, DType type) {
        return t.dtype() == type || !t.dtype().isFloatingPoint() ? t : t.to(type);
    }

    /** {@code target = target kind other}, with {@code other} broadcast to target's shape; not recorded. */
    static void binaryInPlace(BinaryKind kind, Tensor target, Tensor other) {
        if (Autograd.isGradEnabled() && target.requiresGrad()) {
            throw new GatunException("in-place update of a tensor that requires grad; run it inside Autograd.noGrad()");
        }
        int[] shape = Shape.broadcast(target.shape(), other.shape());
        if (!Arrays.equals(shape, target.shape())) {
            throw new GatunException("in-place operand of shape " + Shape.toString(other.shape())
                    + " does not broadcast to the target's shape " + Shape.toString(target.shape()));
        }
        Tensor o = computeType(other, target.dtype());
        Iteration.run(shape, BinaryKernels.row(kind, target.dtype(), target.segment(), o.dtype(), o.segment(),
                target.dtype(), target.segment()), target, o, target);
    }

    static Tensor compare(CompareKind kind, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(a.shape(), b.shape());
        Tensor out = Tensor.zeros(DType.BOOL, shape);
        Iteration.run(shape, BinaryKernels.compare(kind, a.dtype(), a.segment(), b.dtype(), b.segment(), out.segment()),
                a, b, out);
        return out;
    }

    static Tensor where(Tensor cond, Tensor a, Tensor b) {
        DType type = DType.promote(a.dtype(), b.dtype());
        int[] shape = Shape.broadcast(cond.shape(), Shape.broadcast(a.shape(), b.shape()));
        Tensor out = Tensor.zeros(type, shape);
        Iteration.run(shape, BinaryKernels.where(cond.dtype(), cond.segment(), a.dtype(), a.segment(), b.dtype(),
                b.segment(), type, out.segment()), cond, a, b, out);
        return Autograd.record(out, new Node.Where(cond, a, b));
    }
}
