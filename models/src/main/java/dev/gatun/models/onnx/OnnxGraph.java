package dev.gatun.models.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ONNX graph ({@code GraphProto}): nodes in topological order, initializers (the weights), and the
 * graph's inputs and outputs, with indexes for walking it: which node produces a value and which nodes
 * consume it.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class OnnxGraph {
    private final String name;
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxTensor> initializers;
    private final List<OnnxValueInfo> inputs;
    private final List<OnnxValueInfo> outputs;
    private final Map<String, OnnxNode> producers = new HashMap<>();
    private final Map<String, List<OnnxNode>> consumers = new HashMap<>();

    /** A graph of {@code nodes}; {@code initializers} keep their order. */
    public OnnxGraph(String name, List<OnnxNode> nodes, List<OnnxTensor> initializers, List<OnnxValueInfo> inputs,
                     List<OnnxValueInfo> outputs) {
        this.name = name == null ? "" : name;
        this.nodes = List.copyOf(nodes);
        Map<String, OnnxTensor> init = new LinkedHashMap<>();
        for (OnnxTensor t : initializers) {
            init.put(t.name(), t);
        }
        this.initializers = Collections.unmodifiableMap(init);
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        for (OnnxNode n : this.nodes) {
            for (String out : n.outputs()) {
                if (!out.isEmpty()) {
                    producers.put(out, n);
                }
            }
            for (String in : n.inputs()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                }
            }
        }
        consumers.replaceAll((k, v) -> List.copyOf(v));
    }

    public String name() {
        return name;
    }

    /** The nodes, in the file's (topological) order. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** The initializers by name, in the file's order. */
    public Map<String, OnnxTensor> initializers() {
        return initializers;
    }

    /** The graph's inputs; initializers listed among them (older exporters do that) are included. */
    public List<OnnxValueInfo> inputs() {
        return inputs;
    }

    public List<OnnxValueInfo> outputs() {
        return outputs;
    }

    /** The node producing {@code value}, or null for graph inputs, initializers and unknown names. */
    public OnnxNode producer(String value) {
        return producers.get(value);
    }

    /** The nodes reading {@code value}, in graph order; empty if none. */
    public List<OnnxNode> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** Whether {@code value} is an initializer. */
    public boolean isInitializer(String value) {
        return initializers.containsKey(value);
    }

    /**
     * The constant value of {@code value}: an initializer, or the {@code value} tensor of the
     * {@code Constant} node producing it, or null when it is computed.
     */
    public OnnxTensor constant(String value) {
        OnnxTensor init = initializers.get(value);
        if (init != null) {
            return init;
        }
        OnnxNode p = producers.get(value);
        if (p != null && p.opType().equals("Constant") && p.attribute("value") != null) {
            return p.attribute("value").asTensor();
        }
        return null;
    }

    @Override
    public String toString() {
        return "OnnxGraph[" + name + ", " + nodes.size() + " nodes, " + initializers.size() + " initializers]";
    }
}
