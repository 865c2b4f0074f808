package dev.gatun.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class ProtoReaderProperties {

    @Property
    void everyVarintReadsBackAsWritten(@ForAll long value, @ForAll @IntRange(min = 1, max = 536_870_911) int field) {
        ProtoReader r = new ProtoReader(new ProtoWriter().varint(field, value).toBytes());
        r.next();
        assertEquals(field, r.fieldNumber());
        assertEquals(value, r.readVarint());
        assertFalse(r.next());
    }

    @Property
    void packedVarintsReadBackAsWritten(@ForAll @Size(max = 50) List<Long> values) {
        long[] expected = values.stream().mapToLong(Long::longValue).toArray();
        ProtoReader r = new ProtoReader(new ProtoWriter().packedVarints(4, expected).toBytes());
        r.next();
        assertArrayEquals(expected, r.readVarints());
    }

    @Property
    void skippingFieldsLandsOnTheNextOne(@ForAll long a, @ForAll int b, @ForAll long c, @ForAll String s) {
        byte[] bytes = new ProtoWriter().varint(1, a).fixed32(2, b).fixed64(3, c).string(4, s).varint(5, 42).toBytes();
        ProtoReader r = new ProtoReader(bytes);
        for (int i = 0; i < 4; i++) {
            r.next();
            r.skip();
        }
        r.next();
        assertEquals(5, r.fieldNumber());
        assertEquals(42, r.readVarint());
    }
}
