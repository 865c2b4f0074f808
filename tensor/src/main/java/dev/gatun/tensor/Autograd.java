package dev.gatun.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Define-by-run reverse-mode differentiation.
 *
 * <p>Ops record a {@link Node} on their result when grad is enabled on this thread and an input requires
 * grad. {@link #backward} walks the recorded graph from the output in reverse topological order, applies
 * each node's rule from {@link Gradients}, and accumulates into the {@code grad} of leaves. Inside
 * {@link #noGrad()} nothing is recorded, so inference keeps no graph and no intermediates alive.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {
    }

    /** Whether ops on this thread currently record a graph. */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /** Disables recording on this thread until the returned handle is closed. */
    public static NoGrad noGrad() {
        int[] depth = NO_GRAD_DEPTH.get();
        depth[0]++;
        return new NoGrad(depth);
    }

    /** Handle of {@link #noGrad()}. */
    public static final class NoGrad implements AutoCloseable {
        private final int[] depth;
        private boolean closed;

        private NoGrad(int[] depth) {
            this.depth = depth;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                depth[0]--;
            }
        }
    }

    /** Attaches {@code node} to {@code out} when grad is on and any of the node's inputs requires grad. */
    static Tensor record(Tensor out, Node node) {
        if (!isGradEnabled()) {
            return out;
        }
        for (Tensor in : node.inputs()) {
            if (in.requiresGrad()) {
                out.markComputed(node);
                return out;
            }
        }
        return out;
    }

    /** Whether an op with these inputs would record a node (lets ops skip building one). */
    static boolean wouldRecord(Tensor... inputs) {
        if (!isGradEnabled()) {
            return false;
        }
        for (Tensor t : inputs) {
            if (t.requiresGrad()) {
                return true;
            }
        }
        return false;
    }

    static void backward(Tensor root, Tensor seed) {
        if (!root.requiresGrad()) {
            throw new GatunException("backward() on a tensor that does not require grad: no input of the "
                    + "computation has requiresGrad(true), or it ran inside noGrad()");
        }
        if (!Arrays.equals(seed.shape(), root.shape())) {
            throw new GatunException("gradient of shape " + Shape.toString(seed.shape())
                    + " does not match the output shape " + Shape.toString(root.shape()));
        }
        List<Tensor> order = topologicalOrder(root);
        Map<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed.to(root.dtype()));
        try (NoGrad ignored = noGrad()) {
            for (Tensor t : order) {
                Tensor g = grads.remove(t);
                if (g == null) {
                    continue;
                }
                Node node = t.producer;
                if (node == null) {
                    accumulateLeaf(t, g);
                    continue;
                }
                List<Tensor> inputs = node.inputs();
                Tensor[] inputGrads = Gradients.of(node, g);
                for (int i = 0; i < inputs.size(); i++) {
                    Tensor in = inputs.get(i);
                    Tensor ig = inputGrads[i];
                    if (ig == null || !in.requiresGrad()) {
                        continue;
                    }
                    if (!Arrays.equals(ig.shape(), in.shape())) {
                        throw new IllegalStateException("gradient rule of " + node.getClass().getSimpleName()
                                + " gave shape " + Shape.toString(ig.shape()) + " for input of shape "
                                + Shape.toString(in.shape()));
                    }
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? ig.to(in.dtype()) : prev.add(ig));
                }
            }
        }
    }

    private static void accumulateLeaf(Tensor leaf, Tensor g) {
        Tensor existing = leaf.grad();
        if (existing == null) {
            // The gradient lives as long as the leaf does, not as long as the backward pass.
            Tensor fresh = Scope.allocatingIn(leaf.owner(), () -> Tensor.zeros(leaf.dtype(), leaf.shape()));
            fresh.copy_(g);
            leaf.setGrad(fresh);
        } else {
            existing.add_(g);
        }
    }

    /** Tensors reachable from root through producers, each after every tensor that consumes it. */
    private static List<Tensor> topologicalOrder(Tensor root) {
        Map<Tensor, Boolean> visited = new IdentityHashMap<>();
        List<Tensor> postOrder = new ArrayList<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>();
        stack.push(new Object[] {root, 0});
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] frame = stack.peek();
            Tensor t = (Tensor) frame[0];
            int next = (Integer) frame[1];
            List<Tensor> inputs = t.producer == null ? List.of() : t.producer.inputs();
            if (next < inputs.size()) {
                frame[1] = next + 1;
                Tensor in = inputs.get(next);
                if (in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(new Object[] {in, 0});
                }
            } else {
                stack.pop();
                postOrder.add(t);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }
}
