package dev.gatun.models.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds protobuf messages by hand for tests: the inverse of {@link ProtoReader}, field by field. */
final class ProtoWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoWriter varint(int field, long value) {
        tag(field, ProtoReader.VARINT);
        rawVarint(value);
        return this;
    }

    ProtoWriter fixed32(int field, int value) {
        tag(field, ProtoReader.FIXED32);
        for (int i = 0; i < 4; i++) {
            out.write(value >>> (8 * i));
        }
        return this;
    }

    ProtoWriter fixed64(int field, long value) {
        tag(field, ProtoReader.FIXED64);
        for (int i = 0; i < 8; i++) {
            out.write((int) (value >>> (8 * i)));
        }
        return this;
    }

    ProtoWriter floatField(int field, float value) {
        return fixed32(field, Float.floatToRawIntBits(value));
    }

    ProtoWriter bytes(int field, byte[] value) {
        tag(field, ProtoReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toBytes());
    }

    /** A packed repeated varint field. */
    ProtoWriter packedVarints(int field, long... values) {
        ProtoWriter body = new ProtoWriter();
        for (long v : values) {
            body.rawVarint(v);
        }
        return bytes(field, body.toBytes());
    }

    /** A packed repeated float field. */
    ProtoWriter packedFloats(int field, float... values) {
        ProtoWriter body = new ProtoWriter();
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            for (int i = 0; i < 4; i++) {
                body.out.write(bits >>> (8 * i));
            }
        }
        return bytes(field, body.toBytes());
    }

    /** Bytes written as they are, to build malformed input. */
    ProtoWriter raw(int... bytes) {
        for (int b : bytes) {
            out.write(b);
        }
        return this;
    }

    ProtoWriter rawVarint(long value) {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return this;
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
