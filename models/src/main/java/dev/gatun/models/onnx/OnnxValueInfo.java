package dev.gatun.models.onnx;

import java.util.List;
import java.util.Objects;

/**
 * A graph input or output ({@code ValueInfoProto}) with its tensor type, when it has one.
 *
 * @param name the value's name, e.g. {@code "input_ids"}
 * @param elemType the element type, or null when the type is not a tensor type or is not given
 * @param dims each dimension as a {@code Long} (fixed size) or a {@code String} (a symbolic name such
 *     as {@code "batch_size"}); empty when the shape is unknown or a scalar
 */
public record OnnxValueInfo(String name, OnnxDataType elemType, List<Object> dims) {
    public OnnxValueInfo {
        Objects.requireNonNull(name, "name");
        dims = List.copyOf(dims);
    }
}
