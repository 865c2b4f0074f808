package dev.gatun.tensor.io;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Objects;

/**
 * One named tensor of a safetensors file: element type, shape and the raw little-endian, row-major bytes.
 *
 * <p>Entries read from a file hold a zero-copy, read-only slice of the file's memory mapping, valid until
 * the file is closed; entries handed to {@link SafetensorsWriter} may hold any segment. The constructor
 * checks that {@code data} has exactly the size that {@code dtype} and {@code shape} call for, so an
 * entry can never describe memory it does not have. A scalar has the empty shape {@code []}.
 *
 * <p>{@code data} is not necessarily aligned to the element size (the format only aligns the data
 * section when writers pad the header), so readers use unaligned layouts, as {@link DType} does.
 *
 * @param name the tensor's name in the header, e.g. {@code "model.layers.0.mlp.up_proj.weight"}
 * @param dtype the element type
 * @param shape the dimensions, outermost first; each at least 0
 * @param data the tensor's bytes, {@code dtype.byteSize(product(shape))} long
 */
public record SafetensorsEntry(String name, DType dtype, long[] shape, MemorySegment data) {

    public SafetensorsEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        shape = shape.clone();
        long elements = elementCount(shape);
        if (elements < 0) {
            throw new GatunException("tensor \"" + name + "\": expected dimensions >= 0 whose product fits in a"
                    + " long but found shape " + Arrays.toString(shape));
        }
        long expected = byteSize(dtype, elements);
        if (data.byteSize() != expected) {
            throw new GatunException("tensor \"" + name + "\": expected " + expected + " bytes of data for "
                    + dtype.safetensorsName() + " " + Arrays.toString(shape) + " but found " + data.byteSize());
        }
    }

    /** A copy of the dimensions. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Product of the dimensions: 1 for a scalar, 0 when any dimension is 0. */
    public long elementCount() {
        return elementCount(shape);
    }

    /**
     * Product of {@code shape}, or -1 when a dimension is negative or the product overflows a long.
     * A zero dimension makes the product 0 even if the others would overflow.
     */
    static long elementCount(long[] shape) {
        boolean empty = false;
        for (long d : shape) {
            if (d < 0) {
                return -1;
            }
            empty |= d == 0;
        }
        if (empty) {
            return 0;
        }
        long n = 1;
        for (long d : shape) {
            if (Math.multiplyHigh(n, d) != 0 || n * d < 0) {
                return -1;
            }
            n *= d;
        }
        return n;
    }

    /** Bytes for {@code elements} elements, or -1 when that overflows a long. */
    static long byteSize(DType dtype, long elements) {
        try {
            return dtype.byteSize(elements);
        } catch (ArithmeticException e) {
            return -1;
        }
    }

    /** Entries are equal when name, type and shape are equal and both refer to the same memory. */
    @Override
    public boolean equals(Object o) {
        return o instanceof SafetensorsEntry e && name.equals(e.name) && dtype == e.dtype
                && Arrays.equals(shape, e.shape) && data.equals(e.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), data);
    }

    @Override
    public String toString() {
        return name + " " + dtype.safetensorsName() + " " + Arrays.toString(shape);
    }
}
