package dev.gatun.tensor;

import java.util.List;

/**
 * Every derivative rule of Gatun, one case per primitive {@link Node}.
 *
 * <p>Each rule takes the gradient {@code g} of the loss with respect to the node's output and returns the
 * gradients with respect to the node's inputs, in the order of {@link Node#inputs()} (null for an input
 * that receives none). Rules are written with ordinary tensor ops and run with recording off.
 */
final class Gradients {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Gradients() {
    }

    static Tensor[] of(Node node, Tensor g) {
        return switch (node) {
            case Node.Unary u -> new Tensor[] {unary(u, g)};
            case Node.Binary b -> binary(b, g);
            case Node.Where w -> new Tensor[] {
                sumTo(Tensor.where(w.cond(), g, zero(g)), w.a().shape()),
                sumTo(Tensor.where(w.cond(), zero(g), g), w.b().shape())};
            case Node.Reduce r -> new Tensor[] {reduce(r, g)};
            case Node.MatMul m -> new Tensor[] {
                sumTo(g.matmul(m.b().mT()), m.a().shape()),
                sumTo(m.a().mT().matmul(g), m.b().shape())};
            case Node.Reshape r -> new Tensor[] {g.reshape(r.x().shape())};
            case Node.Permute p -> new Tensor[] {g.permute(inverse(p.dims()))};
            case Node.Expand e -> new Tensor[] {sumTo(g, e.x().shape())};
            case Node.Slice s -> new Tensor[] {sliceBackward(s, g)};
            case Node.Copy c -> new Tensor[] {g};
            case Node.Cast c -> new Tensor[] {g.to(c.x().dtype())};
            case Node.Cat c -> catBackward(c, g);
            case Node.Pad p -> new Tensor[] {padBackward(p, g)};
            case Node.IndexSelect s -> new Tensor[] {Indexing.indexAddInto(
                Tensor.zeros(g.dtype(), s.x().shape()), s.dim(), s.index(), g)};
            case Node.Gather ga -> new Tensor[] {Tensor.zeros(g.dtype(), ga.x().shape()).scatterAdd(ga.dim(), ga.index(), g)};
            case Node.ScatterAdd sa -> new Tensor[] {g, g.gather(sa.dim(), sa.index())};
            case Node.Cumsum c -> new Tensor[] {Indexing.cumsum(g, c.dim(), !c.reverse())};
            case Node.Im2col i -> new Tensor[] {Convolution.col2im(g, i.geometry(), i.x().dtype())};
        };
    }

    private static Tensor unary(Node.Unary u, Tensor g) {
        Tensor x = u.x();
        Tensor out = u.out();
        return switch (u.kind()) {
            case NEG -> g.neg();
            case EXP -> g.mul(out);
            case LOG -> g.div(x);
            case SQRT -> g.mul(0.5).div(out);
            case RSQRT -> g.mul(out.mul(out).mul(out)).mul(-0.5);
            case ABS -> g.mul(x.sign());
            case TANH -> g.mul(out.mul(out).neg().add(1.0));
            case SIGMOID -> g.mul(out.mul(out.neg().add(1.0)));
            case RELU -> g.mul(x.gt(0.0).to(g.dtype()));
            case ERF -> g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI));
            case SIN -> g.mul(x.cos());
            case COS -> g.mul(x.sin()).neg();
            case LOG1P -> g.div(x.add(1.0));
            case EXPM1 -> g.mul(out.add(1.0));
            case SIGN -> zero(g).expand(g.shape());
        };
    }

    private static Tensor[] binary(Node.Binary n, Tensor g) {
        Tensor a = n.a();
        Tensor b = n.b();
        Tensor ga;
        Tensor gb;
        switch (n.kind()) {
            case ADD -> {
                ga = g;
                gb = g;
            }
            case SUB -> {
                ga = g;
                gb = g.neg();
            }
            case MUL -> {
                ga = g.mul(b);
                gb = g.mul(a);
            }
            case DIV -> {
                ga = g.div(b);
                gb = g.mul(n.out()).div(b).neg();
            }
            case POW -> {
                ga = g.mul(b).mul(a.pow(b.sub(1.0)));
                // d/db a^b = a^b log a; taken as 0 where a == 0, as for 0^b with b >= 0.
                gb = Tensor.where(a.eq(0.0), zero(g), g.mul(n.out()).mul(a.log()));
            }
            case MAXIMUM, MINIMUM -> {
                Tensor aWins = n.kind() == BinaryKind.MAXIMUM ? a.gt(b) : a.lt(b);
                Tensor tie = a.eq(b).to(g.dtype()).mul(0.5);
                Tensor share = aWins.to(g.dtype()).add(tie);
                ga = g.mul(share);
                gb = g.mul(share.neg().add(1.0));
            }
            default -> throw new AssertionError(n.kind());
        }
        return new Tensor[] {sumTo(ga, a.shape()), sumTo(gb, b.shape())};
    }

    private static Tensor reduce(Node.Reduce r, Tensor g) {
        int[] xShape = r.x().shape();
        Tensor gk = r.keepdim() ? g : Reductions.unsqueezeReduced(g, r.dims(), xShape.length);
        return switch (r.kind()) {
            case SUM -> gk.expand(xShape);
            case MAX, MIN -> {
                Tensor outK = r.keepdim() ? r.out() : Reductions.unsqueezeReduced(r.out(), r.dims(), xShape.length);
                Tensor hit = r.x().eq(outK).to(g.dtype());
                // Ties share the gradient evenly, as PyTorch's amax/amin do.
                yield gk.mul(hit).div(hit.sum(r.dims(), true));
            }
        };
    }

    private static Tensor sliceBackward(Node.Slice s, Tensor g) {
        Tensor gx = Tensor.zeros(g.dtype(), s.x().shape());
        gx.slice(s.dim(), s.start(), s.end(), s.step()).copy_(g);
        return gx;
    }

    private static Tensor[] catBackward(Node.Cat c, Tensor g) {
        List<Tensor> xs = c.xs();
        Tensor[] out = new Tensor[xs.size()];
        int start = 0;
        for (int i = 0; i < xs.size(); i++) {
            int len = xs.get(i).size(c.dim());
            out[i] = g.narrow(c.dim(), start, len);
            start += len;
        }
        return out;
    }

    private static Tensor padBackward(Node.Pad p, Tensor g) {
        Tensor v = g;
        for (int d = 0; d < p.before().length; d++) {
            v = v.narrow(d, p.before()[d], p.x().size(d));
        }
        return v;
    }

    private static Tensor zero(Tensor like) {
        return Tensor.scalar(like.dtype(), 0.0);
    }

    static int[] inverse(int[] perm) {
        int[] inv = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inv[perm[i]] = i;
        }
        return inv;
    }

    /** Sums a broadcast gradient back to the shape of the operand that was broadcast. */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (java.util.Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int count = 0;
        int[] dims = new int[gs.length];
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                dims[count++] = i;
            }
        }
        Tensor s = count == 0 ? g : g.sum(java.util.Arrays.copyOf(dims, count), true);
        return s.reshape(shape);
    }
}
