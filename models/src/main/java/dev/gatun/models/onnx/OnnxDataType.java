package dev.gatun.models.onnx;

import dev.gatun.tensor.DType;

/**
 * The element types of ONNX's {@code TensorProto.DataType}, with the Gatun {@link DType} each maps to
 * (null where Gatun has none).
 */
public enum OnnxDataType {
    UNDEFINED(0, null, 0),
    FLOAT(1, DType.F32, 4),
    UINT8(2, null, 1),
    INT8(3, DType.I8, 1),
    UINT16(4, null, 2),
    INT16(5, null, 2),
    INT32(6, DType.I32, 4),
    INT64(7, DType.I64, 8),
    STRING(8, null, 0),
    BOOL(9, DType.BOOL, 1),
    FLOAT16(10, DType.F16, 2),
    DOUBLE(11, DType.F64, 8),
    UINT32(12, null, 4),
    UINT64(13, null, 8),
    COMPLEX64(14, null, 8),
    COMPLEX128(15, null, 16),
    BFLOAT16(16, DType.BF16, 2);

    private final int code;
    private final DType dtype;
    private final int byteSize;

    OnnxDataType(int code, DType dtype, int byteSize) {
        this.code = code;
        this.dtype = dtype;
        this.byteSize = byteSize;
    }

    /** The number in {@code TensorProto.DataType}. */
    public int code() {
        return code;
    }

    /** The matching Gatun type, or null when Gatun has none. */
    public DType dtype() {
        return dtype;
    }

    /** Bytes per element in {@code raw_data}; 0 for strings and undefined. */
    public int byteSize() {
        return byteSize;
    }

    /** The type numbered {@code code}, or null for a number this reader does not know (the 8-bit floats, 4-bit ints). */
    public static OnnxDataType of(long code) {
        for (OnnxDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
