package dev.gatun.models.onnx;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Recognises the building blocks of transformer graphs in an {@link OnnxGraph} by their wiring, not by
 * value names: fully connected layers ({@link OnnxLinear}), layer norms ({@link OnnxLayerNorm}), and the
 * data path from one value to the next matrix product. Model-specific importers compose these to name
 * a graph's anonymous initializers.
 */
public final class OnnxMatcher {
    /** Ops that only compute shapes; walking the data path never goes through them. */
    private static final Set<String> SHAPE_OPS = Set.of("Shape", "Size");

    private final OnnxGraph graph;

    public OnnxMatcher(OnnxGraph graph) {
        this.graph = graph;
    }

    public OnnxGraph graph() {
        return graph;
    }

    /**
     * The fully connected layers reading {@code value} directly: {@code MatMul(value, W)} with a 2-D
     * initializer W, with its bias {@code Add} if one follows, or {@code Gemm(value, W, b)}.
     */
    public List<OnnxLinear> linearsReading(String value) {
        List<OnnxLinear> out = new ArrayList<>();
        for (OnnxNode n : graph.consumers(value)) {
            OnnxLinear l = linearAt(n);
            if (l != null && l.input().equals(value)) {
                out.add(l);
            }
        }
        return out;
    }

    /** The fully connected layer whose product is {@code node}, or null when it is not one. */
    public OnnxLinear linearAt(OnnxNode node) {
        if (node.opType().equals("MatMul")) {
            OnnxTensor w = graph.initializers().get(node.input(1));
            if (w == null || w.dims().length != 2 || graph.isInitializer(node.input(0))) {
                return null;
            }
            String out = node.output();
            OnnxTensor bias = null;
            List<OnnxNode> next = graph.consumers(out);
            if (next.size() == 1 && next.getFirst().opType().equals("Add")) {
                OnnxNode add = next.getFirst();
                String other = add.input(0).equals(out) ? add.input(1) : add.input(0);
                OnnxTensor b = graph.initializers().get(other);
                if (b != null && b.dims().length == 1 && b.dims()[0] == w.dims()[1]) {
                    bias = b;
                    out = add.output();
                }
            }
            return new OnnxLinear(w, bias, true, node.input(0), out);
        }
        if (node.opType().equals("Gemm")) {
            OnnxTensor w = graph.initializers().get(node.input(1));
            if (w == null || w.dims().length != 2 || intAttribute(node, "transA", 0) != 0
                    || floatAttribute(node, "alpha", 1) != 1 || floatAttribute(node, "beta", 1) != 1) {
                return null;
            }
            OnnxTensor bias = node.input(2).isEmpty() ? null : graph.initializers().get(node.input(2));
            if (!node.input(2).isEmpty() && (bias == null || bias.dims().length != 1)) {
                return null;
            }
            return new OnnxLinear(w, bias, intAttribute(node, "transB", 0) == 0, node.input(0), node.output());
        }
        return null;
    }

    /**
     * The first matrix product reached from {@code value} along the data path (breadth first through
     * every consumer except shape computations), or null if none is.
     */
    public Reached nextMatMul(String value) {
        ArrayDeque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(value);
        seen.add(value);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (OnnxNode n : graph.consumers(v)) {
                if (SHAPE_OPS.contains(n.opType())) {
                    continue;
                }
                if (n.opType().equals("MatMul") || n.opType().equals("Gemm")) {
                    return new Reached(n, n.inputs().indexOf(v));
                }
                for (String out : n.outputs()) {
                    if (seen.add(out)) {
                        queue.add(out);
                    }
                }
            }
        }
        return null;
    }

    /**
     * The op types on the data path from {@code value} up to (not including) the first matrix product,
     * e.g. {@code [Div, Erf, Add, Mul, Mul]} for an exact GELU.
     */
    public Set<String> opsUntilMatMul(String value) {
        Set<String> ops = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        queue.add(value);
        while (!queue.isEmpty()) {
            String v = queue.poll();
            for (OnnxNode n : graph.consumers(v)) {
                if (SHAPE_OPS.contains(n.opType()) || n.opType().equals("MatMul") || n.opType().equals("Gemm")) {
                    continue;
                }
                ops.add(n.opType());
                for (String out : n.outputs()) {
                    if (seen.add(out)) {
                        queue.add(out);
                    }
                }
            }
        }
        return ops;
    }

    /** A node reached by a walk, and which of its inputs the walk arrived at. */
    public record Reached(OnnxNode node, int inputIndex) {
    }

    /** The layer norm over the last dimension that reads {@code value}, or null when none does. */
    public OnnxLayerNorm layerNormReading(String value) {
        for (OnnxNode n : graph.consumers(value)) {
            if (n.opType().equals("LayerNormalization") && n.input(0).equals(value)) {
                OnnxTensor w = graph.initializers().get(n.input(1));
                OnnxTensor b = n.input(2).isEmpty() ? null : graph.initializers().get(n.input(2));
                if (w != null && intAttribute(n, "axis", -1) == -1) {
                    return new OnnxLayerNorm(w, b, floatAttribute(n, "epsilon", 1e-5), value, n.output());
                }
            }
        }
        for (OnnxNode n : graph.consumers(value)) {
            if (n.opType().equals("Sub") && n.input(0).equals(value) && isMeanOf(n.input(1), value)) {
                OnnxLayerNorm ln = composedLayerNorm(value, n.output());
                if (ln != null) {
                    return ln;
                }
            }
        }
        return null;
    }

    /** From {@code centered = x - mean(x)}: Pow(2), ReduceMean, Add(eps), Sqrt, Div, Mul(w), Add(b). */
    private OnnxLayerNorm composedLayerNorm(String x, String centered) {
        OnnxNode div = null;
        for (OnnxNode n : graph.consumers(centered)) {
            if (n.opType().equals("Div") && n.input(0).equals(centered)) {
                div = n;
            }
        }
        if (div == null) {
            return null;
        }
        OnnxNode sqrt = graph.producer(div.input(1));
        OnnxNode addEps = sqrt == null || !sqrt.opType().equals("Sqrt") ? null : graph.producer(sqrt.input(0));
        if (addEps == null || !addEps.opType().equals("Add")) {
            return null;
        }
        OnnxNode variance = graph.producer(addEps.input(0));
        OnnxTensor epsValue = graph.constant(addEps.input(1));
        if (variance == null || epsValue == null || epsValue.numel() != 1 || !variance.opType().equals("ReduceMean")) {
            return null;
        }
        OnnxNode square = graph.producer(variance.input(0));
        boolean squares = square != null && square.input(0).equals(centered)
                && (square.opType().equals("Pow") && isConstant(square.input(1), 2.0)
                    || square.opType().equals("Mul") && square.input(1).equals(centered));
        if (!squares) {
            return null;
        }
        double eps = epsValue.toDoubles()[0];
        OnnxNode mul = single(graph.consumers(div.output()), "Mul");
        OnnxTensor weight = mul == null ? null : otherInitializer(mul, div.output());
        if (weight == null) {
            return null;
        }
        OnnxNode add = single(graph.consumers(mul.output()), "Add");
        OnnxTensor bias = add == null ? null : otherInitializer(add, mul.output());
        String out = bias == null ? mul.output() : add.output();
        return new OnnxLayerNorm(weight, bias, eps, x, out);
    }

    /** Whether {@code value} is {@code ReduceMean(x)} over the last axis. */
    private boolean isMeanOf(String value, String x) {
        OnnxNode p = graph.producer(value);
        if (p == null || !p.opType().equals("ReduceMean") || !p.input(0).equals(x)) {
            return false;
        }
        long[] axes = p.attribute("axes") != null ? p.attribute("axes").asInts()
                : graph.constant(p.input(1)) != null ? graph.constant(p.input(1)).toLongs() : null;
        return axes != null && axes.length == 1 && (axes[0] == -1 || axes[0] == 2);   // (B, T, C): the last axis
    }

    private boolean isConstant(String value, double expected) {
        OnnxTensor c = graph.constant(value);
        return c != null && c.numel() == 1 && c.toDoubles()[0] == expected;
    }

    /** The initializer among {@code node}'s two inputs that is not {@code value}, or null. */
    private OnnxTensor otherInitializer(OnnxNode node, String value) {
        String other = node.input(0).equals(value) ? node.input(1) : node.input(0);
        return graph.initializers().get(other);
    }

    private static OnnxNode single(List<OnnxNode> nodes, String opType) {
        return nodes.size() == 1 && nodes.getFirst().opType().equals(opType) ? nodes.getFirst() : null;
    }

    private static long intAttribute(OnnxNode n, String name, long fallback) {
        OnnxAttribute a = n.attribute(name);
        return a == null ? fallback : a.asInt();
    }

    private static double floatAttribute(OnnxNode n, String name, double fallback) {
        OnnxAttribute a = n.attribute(name);
        return a == null ? fallback : a.asFloat();
    }
}
