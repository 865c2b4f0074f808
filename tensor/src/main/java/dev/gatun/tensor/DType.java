package dev.gatun.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Locale;

/**
 * Element types of a {@link Tensor}.
 *
 * <p>Every type is described by how many elements make up one block and how many bytes a block takes.
 * All types here have one element per block; block-quantized weight formats (Q8_0: 32 elements in 34
 * bytes, Q4_0: 32 elements in 18 bytes) fit the same description, which is why sizes are always computed
 * through {@link #byteSize(long)} rather than {@code count * size}.
 *
 * <p>Values are stored little-endian (the byte order of safetensors and of every platform Gatun runs on).
 * The scalar accessors below are the reference path: kernels for hot loops read segments directly.
 */
public enum DType {
    F32("F32", 4, true),
    F64("F64", 8, true),
    F16("F16", 2, true),
    BF16("BF16", 2, true),
    I64("I64", 8, false),
    I32("I32", 4, false),
    I8("I8", 1, false),
    BOOL("BOOL", 1, false);

    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED;
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;

    private final String safetensorsName;
    private final int bytesPerBlock;
    private final boolean floatingPoint;

    DType(String safetensorsName, int bytesPerBlock, boolean floatingPoint) {
        this.safetensorsName = safetensorsName;
        this.bytesPerBlock = bytesPerBlock;
        this.floatingPoint = floatingPoint;
    }

    /** The name this type has in a safetensors header ({@code "F32"}, {@code "BF16"}, ...). */
    public String safetensorsName() {
        return safetensorsName;
    }

    /** Elements stored together in one block; 1 for every plain (non-quantized) type. */
    public int elementsPerBlock() {
        return 1;
    }

    /** Bytes one block takes; for plain types, the size of one element. */
    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    /** Size in bytes of one element of a plain type. */
    public int byteSize() {
        return bytesPerBlock;
    }

    /** Bytes that {@code elements} elements take, rounding up to whole blocks. */
    public long byteSize(long elements) {
        long blocks = Math.ceilDiv(elements, elementsPerBlock());
        return Math.multiplyExact(blocks, (long) bytesPerBlock);
    }

    public boolean isFloatingPoint() {
        return floatingPoint;
    }

    /** The safetensors header name for a type, e.g. {@code "BF16"} gives {@link #BF16}. */
    public static DType fromSafetensorsName(String name) {
        for (DType t : values()) {
            if (t.safetensorsName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /**
     * The type both operands are converted to by a binary op, following PyTorch's promotion of tensors
     * of the same category: floating point beats integers, wider beats narrower, and F16 with BF16 is F32.
     */
    public static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.floatingPoint != b.floatingPoint) {
            return a.floatingPoint ? a : b;
        }
        if (a.floatingPoint) {
            if (a == F64 || b == F64) {
                return F64;
            }
            return F32; // F32 with anything, or F16 with BF16
        }
        return a.rank() >= b.rank() ? a : b;
    }

    private int rank() {
        return switch (this) {
            case BOOL -> 0;
            case I8 -> 1;
            case I32 -> 2;
            case I64 -> 3;
            default -> 4;
        };
    }

    /** Reads the element at {@code byteOffset} as a double. */
    public double getDouble(MemorySegment s, long byteOffset) {
        return switch (this) {
            case F32 -> s.get(FLOAT, byteOffset);
            case F64 -> s.get(DOUBLE, byteOffset);
            case F16 -> Float.float16ToFloat(s.get(SHORT, byteOffset));
            case BF16 -> Float.intBitsToFloat((s.get(SHORT, byteOffset) & 0xFFFF) << 16);
            case I64 -> s.get(LONG, byteOffset);
            case I32 -> s.get(INT, byteOffset);
            case I8 -> s.get(ValueLayout.JAVA_BYTE, byteOffset);
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, byteOffset) != 0 ? 1.0 : 0.0;
        };
    }

    /** Writes {@code v} at {@code byteOffset}, rounding to nearest-even for narrow floats and truncating for integers. */
    public void setDouble(MemorySegment s, long byteOffset, double v) {
        switch (this) {
            case F32 -> s.set(FLOAT, byteOffset, (float) v);
            case F64 -> s.set(DOUBLE, byteOffset, v);
            case F16 -> s.set(SHORT, byteOffset, Float.floatToFloat16((float) v));
            case BF16 -> s.set(SHORT, byteOffset, floatToBf16((float) v));
            case I64 -> s.set(LONG, byteOffset, (long) v);
            case I32 -> s.set(INT, byteOffset, (int) v);
            case I8 -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) v);
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) (v != 0 ? 1 : 0));
        }
    }

    /** Reads the element at {@code byteOffset} as a long (exact for integer types). */
    public long getLong(MemorySegment s, long byteOffset) {
        return switch (this) {
            case I64 -> s.get(LONG, byteOffset);
            case I32 -> s.get(INT, byteOffset);
            case I8 -> s.get(ValueLayout.JAVA_BYTE, byteOffset);
            case BOOL -> s.get(ValueLayout.JAVA_BYTE, byteOffset) != 0 ? 1 : 0;
            default -> (long) getDouble(s, byteOffset);
        };
    }

    /** Writes {@code v} at {@code byteOffset} (exact for integer types). */
    public void setLong(MemorySegment s, long byteOffset, long v) {
        switch (this) {
            case I64 -> s.set(LONG, byteOffset, v);
            case I32 -> s.set(INT, byteOffset, (int) v);
            case I8 -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) v);
            case BOOL -> s.set(ValueLayout.JAVA_BYTE, byteOffset, (byte) (v != 0 ? 1 : 0));
            default -> setDouble(s, byteOffset, v);
        }
    }

    /** BF16 bits of {@code f}, rounded to nearest-even; NaN stays a quiet NaN. */
    public static short floatToBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            return (short) ((bits >>> 16) | 0x0040);
        }
        int rounding = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + rounding) >>> 16);
    }

    /** The float that BF16 bits stand for. */
    public static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
