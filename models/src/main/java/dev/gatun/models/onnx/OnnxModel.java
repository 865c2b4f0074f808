package dev.gatun.models.onnx;

import java.util.Map;
import java.util.Objects;

/**
 * An ONNX model ({@code ModelProto}): the graph and what produced it.
 *
 * @param irVersion the ONNX IR version of the file
 * @param producerName the tool that wrote it, e.g. {@code "pytorch"}
 * @param producerVersion that tool's version
 * @param opsets the operator set version imported per domain ({@code ""} is {@code ai.onnx})
 * @param graph the computation and its weights
 */
public record OnnxModel(long irVersion, String producerName, String producerVersion, Map<String, Long> opsets,
                        OnnxGraph graph) {
    public OnnxModel {
        Objects.requireNonNull(graph, "graph");
        producerName = producerName == null ? "" : producerName;
        producerVersion = producerVersion == null ? "" : producerVersion;
        opsets = Map.copyOf(opsets);
    }
}
