package dev.gatun.models.onnx;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One operation of an ONNX graph ({@code NodeProto}). Inputs and outputs are value names; an optional
 * input left out is the empty string, as in ONNX.
 *
 * @param name the node's name (may be empty)
 * @param opType the operator, e.g. {@code "MatMul"}
 * @param domain the operator set domain; empty for the default {@code ai.onnx}
 * @param inputs the names of the values it reads, in operator order
 * @param outputs the names of the values it produces
 * @param attributes the attributes by name
 */
public record OnnxNode(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       Map<String, OnnxAttribute> attributes) {

    public OnnxNode {
        Objects.requireNonNull(opType, "opType");
        name = name == null ? "" : name;
        domain = domain == null ? "" : domain;
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = Map.copyOf(attributes);
    }

    /** The input at {@code index}, or the empty string when the node has fewer inputs. */
    public String input(int index) {
        return index < inputs.size() ? inputs.get(index) : "";
    }

    /** The first output. */
    public String output() {
        return outputs.getFirst();
    }

    /** The attribute called {@code name}, or null. */
    public OnnxAttribute attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public String toString() {
        return opType + (name.isEmpty() ? "" : " '" + name + "'") + " " + inputs + " -> " + outputs;
    }
}
