package dev.gatun.optim;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;

/**
 * A contiguous F32 or F64 tensor seen as one run of elements in memory, the form optimizer updates loop
 * over: {@link #segment()} from byte {@link #base()} holds {@link #length()} elements of {@link #dtype()}.
 */
public final class FlatBuffer {
    private final Tensor tensor;
    private final MemorySegment segment;
    private final long base;
    private final long length;

    /** Views {@code tensor}, which must be contiguous F32 or F64. */
    public FlatBuffer(Tensor tensor) {
        if (!tensor.isContiguous() || (tensor.dtype() != DType.F32 && tensor.dtype() != DType.F64)) {
            throw new GatunException("a flat buffer needs a contiguous F32 or F64 tensor, got "
                    + (tensor.isContiguous() ? "a contiguous " : "a non-contiguous ") + tensor.dtype() + " tensor");
        }
        this.tensor = tensor;
        this.segment = tensor.segment();
        this.base = tensor.offset() * tensor.dtype().byteSize();
        this.length = tensor.numel();
    }

    /** The tensor viewed. */
    public Tensor tensor() {
        return tensor;
    }

    /** The memory holding the elements (checked alive when this buffer was made). */
    public MemorySegment segment() {
        return segment;
    }

    /** Byte offset of the first element in {@link #segment()}. */
    public long base() {
        return base;
    }

    /** Number of elements. */
    public long length() {
        return length;
    }

    public DType dtype() {
        return tensor.dtype();
    }

    /** Whether the elements are F32 (else F64). */
    public boolean isF32() {
        return tensor.dtype() == DType.F32;
    }
}
