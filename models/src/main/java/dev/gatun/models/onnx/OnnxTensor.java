package dev.gatun.models.onnx;

import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * An ONNX {@code TensorProto}: a graph initializer or the value of a {@code Constant} node.
 *
 * <p>{@code data} holds the elements little-endian in row-major order. When the file stored them in
 * {@code raw_data} it is a zero-copy slice of the file's bytes; when it used the typed fields
 * ({@code float_data}, {@code int64_data}, ...) it is a heap copy in the same layout.
 *
 * @param name the tensor's name in the graph, e.g. {@code "onnx::MatMul_1234"} or {@code "embeddings.LayerNorm.weight"}
 * @param dims the shape, outermost first; empty for a scalar
 * @param dataType the element type
 * @param data the elements, {@code numel * dataType.byteSize()} bytes
 */
public record OnnxTensor(String name, long[] dims, OnnxDataType dataType, MemorySegment data) {

    public OnnxTensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dataType, "dataType");
        Objects.requireNonNull(data, "data");
        dims = dims.clone();
    }

    /** A copy of the shape. */
    @Override
    public long[] dims() {
        return dims.clone();
    }

    /** The shape as ints. */
    public int[] shape() {
        int[] s = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            s[i] = Math.toIntExact(dims[i]);
        }
        return s;
    }

    /** Product of the dimensions. */
    public long numel() {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        return n;
    }

    /**
     * This tensor wrapped over its bytes without copying; valid as long as the memory of the file it came
     * from is.
     *
     * @throws GatunException if Gatun has no dtype for the element type
     */
    public Tensor toTensor() {
        if (dataType.dtype() == null) {
            throw new GatunException("ONNX tensor '" + name + "' has element type " + dataType
                    + ", which Gatun cannot represent");
        }
        return Tensor.wrap(data, dataType.dtype(), shape());
    }

    /** The elements as longs, for the small integer constants (shapes, axes) that graphs carry. */
    public long[] toLongs() {
        return toTensor().toLongArray();
    }

    /** The elements as doubles, for small floating-point constants (epsilons, scales). */
    public double[] toDoubles() {
        return toTensor().toDoubleArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OnnxTensor t && name.equals(t.name) && Arrays.equals(dims, t.dims)
                && dataType == t.dataType && data.equals(t.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, Arrays.hashCode(dims), dataType, data);
    }

    @Override
    public String toString() {
        return name + " " + dataType + " " + Arrays.toString(dims);
    }
}
