package dev.gatun.tensor;

/** Renders tensors as text in PyTorch's style, eliding the middle of large dimensions. */
final class TensorFormat {
    private static final int EDGE = 3;
    private static final int FULL_LIMIT = 1000;

    private TensorFormat() {
    }

    static String format(Tensor t) {
        if (t.owner() != null && !t.owner().isOpen()) {
            return "tensor(<freed>, shape=" + Shape.toString(t.shape()) + ", dtype=" + t.dtype() + ")";
        }
        StringBuilder sb = new StringBuilder("tensor(");
        boolean elide = t.numel() > FULL_LIMIT;
        appendDim(sb, t, new int[t.rank()], 0, elide);
        sb.append(", shape=").append(Shape.toString(t.shape())).append(", dtype=").append(t.dtype());
        if (t.requiresGrad()) {
            sb.append(", requiresGrad");
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, Tensor t, int[] index, int dim, boolean elide) {
        if (dim == t.rank()) {
            double v = t.getDouble(index);
            sb.append(t.dtype().isFloatingPoint() ? String.format("%.4f", v) : Long.toString((long) v));
            return;
        }
        int n = t.size(dim);
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (elide && n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            index[dim] = i;
            appendDim(sb, t, index, dim + 1, elide);
            if (i < n - 1) {
                sb.append(", ");
            }
        }
        sb.append(']');
    }
}
