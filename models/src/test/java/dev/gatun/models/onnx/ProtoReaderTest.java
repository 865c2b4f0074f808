package dev.gatun.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class ProtoReaderTest {

    @Test
    void varintsOfOneToTenBytes() {
        // 300 is the encoding guide's example: 0xAC 0x02.
        byte[] bytes = new ProtoWriter().raw(0x08, 0xAC, 0x02).varint(2, 0).varint(3, 127).varint(4, 128)
                .varint(5, Long.MAX_VALUE).varint(6, -1).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        long[] expected = {300, 0, 127, 128, Long.MAX_VALUE, -1};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(r.next());
            assertEquals(i + 1, r.fieldNumber());
            assertEquals(ProtoReader.VARINT, r.wireType());
            assertEquals(expected[i], r.readVarint());
        }
        assertFalse(r.next());
        assertEquals(bytes.length, r.offset());
    }

    @Test
    void negativeInt64TakesTenBytes() {
        byte[] bytes = new ProtoWriter().varint(1, -2).toBytes();
        assertEquals(11, bytes.length);
        ProtoReader r = new ProtoReader(bytes);
        r.next();
        assertEquals(-2, r.readVarint());
    }

    @Test
    void fixedWidthValuesAreLittleEndian() {
        byte[] bytes = new ProtoWriter().raw(0x0D, 0x78, 0x56, 0x34, 0x12).fixed64(2, 0x0102030405060708L)
                .floatField(3, 1.5f).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        r.next();
        assertEquals(ProtoReader.FIXED32, r.wireType());
        assertEquals(0x12345678, r.readFixed32());
        r.next();
        assertEquals(0x0102030405060708L, r.readFixed64());
        r.next();
        assertEquals(1.5f, r.readFloat());
    }

    @Test
    void stringsAndBytesAreSlicesOfTheInput() {
        byte[] bytes = new ProtoWriter().string(1, "naïve 東京").bytes(2, new byte[] {9, 8, 7}).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        r.next();
        assertEquals("naïve 東京", r.readString());
        r.next();
        assertArrayEquals(new byte[] {9, 8, 7}, r.readBytes().toArray(ValueLayout.JAVA_BYTE));
    }

    @Test
    void nestedMessagesReportAbsoluteOffsets() {
        ProtoWriter inner = new ProtoWriter().varint(1, 5).raw(0x10);       // field 2, varint, cut off
        byte[] bytes = new ProtoWriter().string(1, "ab").message(2, inner).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        r.next();
        r.skip();
        r.next();
        ProtoReader nested = r.readMessage();
        nested.next();
        assertEquals(5, nested.readVarint());
        nested.next();
        GatunException e = assertThrows(GatunException.class, nested::readVarint);
        // outer: tag(1) len(1) "ab"(2) tag(1) len(1) = 6 bytes before the inner message; its 3rd byte is the tag.
        assertTrue(e.getMessage().contains("at byte " + (6 + 3)), e.getMessage());
        assertFalse(r.next());
    }

    @Test
    void repeatedScalarsPackedOrNot() {
        byte[] bytes = new ProtoWriter().packedVarints(1, 2, 300, -1).varint(1, 7).packedFloats(2, 0.5f, -2f)
                .floatField(2, 3f).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        r.next();
        assertArrayEquals(new long[] {2, 300, -1}, r.readVarints());
        r.next();
        assertArrayEquals(new long[] {7}, r.readVarints());
        r.next();
        assertArrayEquals(new float[] {0.5f, -2f}, r.readFloats());
        r.next();
        assertArrayEquals(new float[] {3f}, r.readFloats());
    }

    @Test
    void unknownFieldsOfEveryWireTypeAreSkipped() {
        byte[] bytes = new ProtoWriter().varint(10, 1L << 40).fixed64(11, 1).fixed32(12, 1)
                .message(13, new ProtoWriter().string(1, "x")).string(1, "kept").toBytes();
        ProtoReader r = new ProtoReader(bytes);
        String kept = null;
        while (r.next()) {
            if (r.fieldNumber() == 1) {
                kept = r.readString();
            } else {
                r.skip();
            }
        }
        assertEquals("kept", kept);
    }

    @Test
    void truncatedVarintIsAnError() {
        ProtoReader r = new ProtoReader(new byte[] {0x08, (byte) 0x80});
        r.next();
        GatunException e = assertThrows(GatunException.class, r::readVarint);
        assertTrue(e.getMessage().contains("malformed protobuf at byte 1"), e.getMessage());
        assertTrue(e.getMessage().contains("cut off"), e.getMessage());
    }

    @Test
    void varintOverTenBytesIsAnError() {
        byte[] bytes = new byte[12];
        bytes[0] = 0x08;
        java.util.Arrays.fill(bytes, 1, 12, (byte) 0xFF);
        ProtoReader r = new ProtoReader(bytes);
        r.next();
        GatunException e = assertThrows(GatunException.class, r::readVarint);
        assertTrue(e.getMessage().contains("longer than 10 bytes"), e.getMessage());
    }

    @Test
    void lengthPastTheEndIsAnError() {
        ProtoReader r = new ProtoReader(new ProtoWriter().raw(0x0A, 0x05, 'a', 'b').toBytes());
        r.next();
        GatunException e = assertThrows(GatunException.class, r::readBytes);
        assertTrue(e.getMessage().contains("length 5 runs past the end"), e.getMessage());
    }

    @Test
    void fixedValueCutOffIsAnError() {
        ProtoReader r = new ProtoReader(new ProtoWriter().raw(0x09, 1, 2, 3).toBytes());
        r.next();
        assertThrows(GatunException.class, r::readFixed64);
    }

    @Test
    void groupsAndUnknownWireTypesAreRejected() {
        for (int wireType : new int[] {3, 4, 6, 7}) {
            ProtoReader r = new ProtoReader(new byte[] {(byte) (0x08 | wireType)});
            GatunException e = assertThrows(GatunException.class, r::next);
            assertTrue(e.getMessage().contains("wire type " + wireType), e.getMessage());
        }
    }

    @Test
    void fieldNumberZeroIsRejected() {
        ProtoReader r = new ProtoReader(new byte[] {0x00, 0x01});
        GatunException e = assertThrows(GatunException.class, r::next);
        assertTrue(e.getMessage().contains("field number 0"), e.getMessage());
    }

    @Test
    void readingWithTheWrongWireTypeIsAnError() {
        ProtoReader r = new ProtoReader(new ProtoWriter().varint(3, 1).toBytes());
        r.next();
        GatunException e = assertThrows(GatunException.class, r::readString);
        assertTrue(e.getMessage().contains("field 3 has wire type 0, expected 2"), e.getMessage());
    }

    @Test
    void packedFloatsMustBeWholeFloats() {
        ProtoReader r = new ProtoReader(new ProtoWriter().bytes(1, new byte[] {1, 2, 3}).toBytes());
        r.next();
        assertThrows(GatunException.class, r::readFloats);
    }
}
