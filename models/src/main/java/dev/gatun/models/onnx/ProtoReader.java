package dev.gatun.models.onnx;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A cursor over one protobuf message in wire format, with no generated code and no copies: bytes fields
 * come back as slices of the underlying {@link MemorySegment} (a memory-mapped file, say).
 *
 * <p>The wire format is a sequence of fields, each a tag {@code (fieldNumber << 3) | wireType} followed
 * by a value whose encoding the wire type gives (see
 * <a href="https://protobuf.dev/programming-guides/encoding/">the encoding guide</a>):
 * <ul>
 *   <li>0, varint: 1 to 10 bytes, 7 bits each, least significant group first, high bit set on all but
 *       the last byte (int32, int64, uint64, bool, enum);</li>
 *   <li>1, 64-bit: 8 little-endian bytes (fixed64, double);</li>
 *   <li>2, length-delimited: a varint length, then that many bytes (string, bytes, embedded messages,
 *       packed repeated scalars);</li>
 *   <li>5, 32-bit: 4 little-endian bytes (fixed32, float).</li>
 * </ul>
 * Wire types 3 and 4 (groups) are obsolete and rejected.
 *
 * {@snippet :
 * ProtoReader r = new ProtoReader(bytes);
 * while (r.next()) {
 *     switch (r.fieldNumber()) {
 *         case 1 -> name = r.readString();
 *         case 2 -> count = r.readVarint();
 *         default -> r.skip();
 *     }
 * }
 * }
 *
 * <p>Malformed input (a truncated value, a varint over 10 bytes, a length past the end, a wire type that
 * does not fit the field) throws {@link GatunException} naming the absolute byte offset of the fault.
 * A reader is a cursor and is not thread-safe; the segment it reads may be shared.
 */
public final class ProtoReader {
    /** Wire type of varints. */
    public static final int VARINT = 0;
    /** Wire type of 8-byte values. */
    public static final int FIXED64 = 1;
    /** Wire type of length-delimited values. */
    public static final int LENGTH_DELIMITED = 2;
    /** Wire type of 4-byte values. */
    public static final int FIXED32 = 5;

    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED;
    private static final ValueLayout.OfLong LONG_LE = ValueLayout.JAVA_LONG_UNALIGNED;

    private final MemorySegment data;
    private final long base;
    private long position;
    private int fieldNumber;
    private int wireType = -1;

    /** A reader over the whole of {@code data}, which holds one message. */
    public ProtoReader(MemorySegment data) {
        this(data, 0);
    }

    /** A reader over bytes held in a Java array. */
    public ProtoReader(byte[] data) {
        this(MemorySegment.ofArray(data), 0);
    }

    private ProtoReader(MemorySegment data, long base) {
        this.data = data;
        this.base = base;
    }

    /** Advances to the next field; false at the end of the message. */
    public boolean next() {
        if (position >= data.byteSize()) {
            wireType = -1;
            return false;
        }
        long start = position;
        long t = readRawVarint();
        int wireType = (int) (t & 7);
        long number = t >>> 3;
        if (number < 1 || number > 0x1FFF_FFFF) {
            throw error(start, "field number " + number + " is out of range");
        }
        if (wireType != VARINT && wireType != FIXED64 && wireType != LENGTH_DELIMITED && wireType != FIXED32) {
            throw error(start, "wire type " + wireType + " of field " + number
                    + (wireType == 3 || wireType == 4 ? " (groups are not supported)" : " does not exist"));
        }
        this.fieldNumber = (int) number;
        this.wireType = wireType;
        return true;
    }

    /** The number of the current field. */
    public int fieldNumber() {
        return fieldNumber;
    }

    /** The wire type of the current field: {@link #VARINT}, {@link #FIXED64}, {@link #LENGTH_DELIMITED} or {@link #FIXED32}. */
    public int wireType() {
        return wireType;
    }

    /** The absolute offset of the next unread byte in the segment the outermost reader was made on. */
    public long offset() {
        return base + position;
    }

    /** The current field's value as a varint (int32, int64, uint64, bool and enum fields). */
    public long readVarint() {
        expect(VARINT);
        return readRawVarint();
    }

    /** The current field's value as 4 little-endian bytes (fixed32, sfixed32). */
    public int readFixed32() {
        expect(FIXED32);
        need(4);
        int v = data.get(INT_LE, position);
        position += 4;
        return v;
    }

    /** The current field's value as 8 little-endian bytes (fixed64, sfixed64). */
    public long readFixed64() {
        expect(FIXED64);
        need(8);
        long v = data.get(LONG_LE, position);
        position += 8;
        return v;
    }

    /** A float field (fixed32 on the wire). */
    public float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    /** A double field (fixed64 on the wire). */
    public double readDouble() {
        return Double.longBitsToDouble(readFixed64());
    }

    /** The current length-delimited field's bytes, as a slice of the underlying segment (no copy). */
    public MemorySegment readBytes() {
        expect(LENGTH_DELIMITED);
        long start = position;
        long length = readRawVarint();
        if (length < 0 || length > data.byteSize() - position) {
            throw error(start, "length " + Long.toUnsignedString(length) + " runs past the end of the message ("
                    + (data.byteSize() - position) + " bytes left)");
        }
        MemorySegment slice = data.asSlice(position, length);
        position += length;
        return slice;
    }

    /** The current length-delimited field as UTF-8 text. */
    public String readString() {
        MemorySegment bytes = readBytes();
        return new String(bytes.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    /** A reader over the current field's embedded message. */
    public ProtoReader readMessage() {
        MemorySegment bytes = readBytes();
        // The nested reader's base is the absolute offset of its first byte, past the length prefix.
        return new ProtoReader(bytes, base + position - bytes.byteSize());
    }

    /**
     * The values of a repeated varint field: one value when the field is not packed, all of them when
     * it is (wire type 2). Protobuf writers may use either, so readers accept both.
     */
    public long[] readVarints() {
        if (wireType() == VARINT) {
            return new long[] {readRawVarint()};
        }
        ProtoReader packed = readMessage();
        long[] out = new long[16];
        int n = 0;
        while (packed.position < packed.data.byteSize()) {
            if (n == out.length) {
                out = Arrays.copyOf(out, n * 2);
            }
            out[n++] = packed.readRawVarint();
        }
        return Arrays.copyOf(out, n);
    }

    /** The values of a repeated float field, packed or not. */
    public float[] readFloats() {
        if (wireType() == FIXED32) {
            return new float[] {readFloat()};
        }
        MemorySegment bytes = packedFixed(4);
        float[] out = new float[(int) (bytes.byteSize() / 4)];
        MemorySegment.copy(bytes, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, out, 0, out.length);
        return out;
    }

    /** The values of a repeated double field, packed or not. */
    public double[] readDoubles() {
        if (wireType() == FIXED64) {
            return new double[] {readDouble()};
        }
        MemorySegment bytes = packedFixed(8);
        double[] out = new double[(int) (bytes.byteSize() / 8)];
        MemorySegment.copy(bytes, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, out, 0, out.length);
        return out;
    }

    private MemorySegment packedFixed(int width) {
        long start = position;
        MemorySegment bytes = readBytes();
        if (bytes.byteSize() % width != 0) {
            throw error(start, "packed field " + fieldNumber() + " has " + bytes.byteSize()
                    + " bytes, not a multiple of " + width);
        }
        return bytes;
    }

    /** Skips the current field's value. */
    public void skip() {
        switch (wireType()) {
            case VARINT -> readRawVarint();
            case FIXED64 -> {
                need(8);
                position += 8;
            }
            case FIXED32 -> {
                need(4);
                position += 4;
            }
            case LENGTH_DELIMITED -> readBytes();
            default -> throw new IllegalStateException("no current field; call next() first");
        }
    }

    private long readRawVarint() {
        long start = position;
        long value = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (position >= data.byteSize()) {
                throw error(start, "varint is cut off by the end of the message");
            }
            byte b = data.get(ValueLayout.JAVA_BYTE, position++);
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw error(start, "varint is longer than 10 bytes");
    }

    private void expect(int expected) {
        if (this.wireType < 0) {
            throw new IllegalStateException("no current field; call next() first");
        }
        if (wireType != expected) {
            throw error(position, "field " + fieldNumber + " has wire type " + wireType + ", expected " + expected);
        }
    }

    private void need(int bytes) {
        if (data.byteSize() - position < bytes) {
            throw error(position, "field " + fieldNumber() + " needs " + bytes + " bytes, "
                    + (data.byteSize() - position) + " left");
        }
    }

    private GatunException error(long at, String what) {
        return new GatunException("malformed protobuf at byte " + (base + at) + ": " + what);
    }
}
