package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * A strided operand as native code addresses it: a segment, the element offset of element (0, ..., 0),
 * sizes and element strides. Answers the questions asked before any native call: may native code read it
 * (native memory, aligned elements), do all its addressed elements lie inside the segment, does it overlap
 * another operand.
 */
record Operand(String name, DType type, MemorySegment segment, long offset, long[] sizes, long[] strides) {

    static Operand of(String name, Tensor t) {
        int[] shape = t.shape();
        long[] sizes = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            sizes[i] = shape[i];
        }
        return new Operand(name, t.dtype(), t.segment(), t.offset(), sizes, t.strides());
    }

    /** Whether native code can use this operand as {@code expected}: native memory, element-aligned. */
    boolean usableAs(DType expected) {
        return type == expected && usable();
    }

    /** Native memory whose first element is aligned to its size. */
    boolean usable() {
        return segment.isNative() && (segment.address() + offset * type.byteSize()) % type.byteSize() == 0;
    }

    boolean isEmpty() {
        for (long s : sizes) {
            if (s == 0) {
                return true;
            }
        }
        return false;
    }

    /** Lowest addressed element (in elements from the segment start); offset when empty. */
    long lowest() {
        long lo = offset;
        if (!isEmpty()) {
            for (int i = 0; i < sizes.length; i++) {
                lo += Math.min(0, Math.multiplyExact(sizes[i] - 1, strides[i]));
            }
        }
        return lo;
    }

    /** Highest addressed element; offset when empty. */
    long highest() {
        long hi = offset;
        if (!isEmpty()) {
            for (int i = 0; i < sizes.length; i++) {
                hi = Math.addExact(hi, Math.max(0, Math.multiplyExact(sizes[i] - 1, strides[i])));
            }
        }
        return hi;
    }

    /** Throws unless every addressed element lies inside the segment (and the output is writable). */
    void checkBounds(String kernel, boolean output) {
        long lo;
        long hi;
        try {
            lo = lowest();
            hi = highest();
        } catch (ArithmeticException e) {
            throw new GatunException(kernel + ": " + name + "'s strides overflow a 64-bit address");
        }
        long elements = segment.byteSize() / type.byteSize();
        if (!isEmpty() && (lo < 0 || hi >= elements)) {
            throw new GatunException(kernel + ": " + name + " addresses elements " + lo + ".." + hi
                    + ", outside its memory of " + elements + " " + type + " elements");
        }
        if (output && segment.isReadOnly()) {
            throw new GatunException(kernel + ": " + name + " is read-only memory");
        }
    }

    /** The address of element (0, ..., 0). */
    MemorySegment address() {
        return MemorySegment.ofAddress(segment.address() + offset * type.byteSize());
    }

    /** Whether the byte ranges spanned by the two operands intersect (empty operands touch nothing). */
    boolean overlaps(Operand o) {
        if (isEmpty() || o.isEmpty()) {
            return false;
        }
        long a0 = segment.address() + lowest() * type.byteSize();
        long a1 = segment.address() + (highest() + 1) * type.byteSize();
        long b0 = o.segment.address() + o.lowest() * o.type.byteSize();
        long b1 = o.segment.address() + (o.highest() + 1) * o.type.byteSize();
        return a0 < b1 && b0 < a1;
    }

    /** Whether both address exactly the same elements in the same order (an in-place operation). */
    boolean sameView(Operand o) {
        return segment.address() + offset * type.byteSize() == o.segment.address() + o.offset * o.type.byteSize()
                && type == o.type && java.util.Arrays.equals(sizes, o.sizes)
                && java.util.Arrays.equals(strides, o.strides);
    }

    /**
     * Whether no two elements share an address, so parallel writes never race: sorted by stride, each
     * dimension's stride must step past the whole extent of the smaller ones (sufficient, and exact for
     * every padded or permuted layout).
     */
    boolean hasDistinctElements() {
        if (isEmpty()) {
            return true;
        }
        long[][] dims = new long[sizes.length][];
        for (int i = 0; i < sizes.length; i++) {
            dims[i] = new long[] {sizes[i], Math.abs(strides[i])};
        }
        java.util.Arrays.sort(dims, (x, y) -> Long.compare(x[1], y[1]));
        long extent = 0;
        for (long[] d : dims) {
            if (d[0] == 1) {
                continue;
            }
            if (d[1] <= extent) {
                return false;
            }
            extent += d[1] * (d[0] - 1);
        }
        return true;
    }

    long stride(int dim) {
        return strides[dim];
    }
}
