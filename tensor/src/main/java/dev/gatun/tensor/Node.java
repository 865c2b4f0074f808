package dev.gatun.tensor;

import java.util.List;

/**
 * The primitive op that produced a tensor, with what its derivative rule needs.
 *
 * <p>This is the complete list of differentiable primitives: every other op (softmax, layer norm, GELU,
 * convolution, cross-entropy...) is composed of these. Because the interface is sealed, the exhaustive
 * switch in {@link Gradients} does not compile when a primitive lacks its derivative rule.
 */
public sealed interface Node {
    /** The inputs gradients flow to, in the order {@link Gradients#of} returns their gradients. */
    List<Tensor> inputs();

    record Unary(UnaryKind kind, Tensor x, Tensor out) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Binary(BinaryKind kind, Tensor a, Tensor b, Tensor out) implements Node {
        public List<Tensor> inputs() {
            return List.of(a, b);
        }
    }

    record Where(Tensor cond, Tensor a, Tensor b) implements Node {
        public List<Tensor> inputs() {
            return List.of(a, b);
        }
    }

    record Reduce(ReduceKind kind, Tensor x, int[] dims, boolean keepdim, Tensor out) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    /** A batched product of operands of rank >= 2 (1-D operands are reshaped before). */
    record MatMul(Tensor a, Tensor b) implements Node {
        public List<Tensor> inputs() {
            return List.of(a, b);
        }
    }

    record Reshape(Tensor x) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Permute(Tensor x, int[] dims) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Expand(Tensor x) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Slice(Tensor x, int dim, int start, int end, int step) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    /** A contiguous copy. */
    record Copy(Tensor x) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Cast(Tensor x) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Cat(List<Tensor> xs, int dim) implements Node {
        public List<Tensor> inputs() {
            return xs;
        }
    }

    /** Constant padding; {@code before[d]} and {@code after[d]} elements added on each side of dimension d. */
    record Pad(Tensor x, int[] before, int[] after) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record IndexSelect(Tensor x, int dim, Tensor index) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record Gather(Tensor x, int dim, Tensor index) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    record ScatterAdd(Tensor self, int dim, Tensor index, Tensor src) implements Node {
        public List<Tensor> inputs() {
            return List.of(self, src);
        }
    }

    record Cumsum(Tensor x, int dim, boolean reverse) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }

    /** Sliding-window patches of a (B, C, H, W) input, as used by convolution. */
    record Im2col(Tensor x, Conv2dGeometry geometry) implements Node {
        public List<Tensor> inputs() {
            return List.of(x);
        }
    }
}
