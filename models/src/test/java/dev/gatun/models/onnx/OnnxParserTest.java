package dev.gatun.models.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ONNX messages built field by field, with the field numbers of {@code onnx.proto}. */
class OnnxParserTest {

    static ProtoWriter rawTensor(String name, float[] values, long... dims) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return new ProtoWriter().packedVarints(1, dims).varint(2, 1).string(8, name).bytes(9, raw.array());
    }

    static ProtoWriter node(String op, List<String> inputs, List<String> outputs, ProtoWriter... attributes) {
        ProtoWriter n = new ProtoWriter();
        inputs.forEach(i -> n.string(1, i));
        outputs.forEach(o -> n.string(2, o));
        n.string(3, op + "_node").string(4, op);
        for (ProtoWriter a : attributes) {
            n.message(5, a);
        }
        return n;
    }

    static byte[] model(ProtoWriter graph) {
        return new ProtoWriter().varint(1, 8).string(2, "test").message(8, new ProtoWriter().string(1, "").varint(2, 17))
                .message(7, graph).toBytes();
    }

    @Test
    void rawDataTensorIsAZeroCopySlice() {
        byte[] bytes = rawTensor("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3).toBytes();
        MemorySegment segment = MemorySegment.ofArray(bytes);
        OnnxTensor t = OnnxParser.tensor(new ProtoReader(segment));
        assertEquals("w", t.name());
        assertArrayEquals(new long[] {2, 3}, t.dims());
        assertEquals(OnnxDataType.FLOAT, t.dataType());
        assertEquals(6f, t.toTensor().getDouble(1, 2));
        // The data aliases the message bytes: the last float sits at the very end of the buffer.
        assertEquals(segment.address() + bytes.length - 24, t.data().address());
    }

    @Test
    void typedFieldsAreLaidOutLikeRawData() {
        OnnxTensor f = OnnxParser.tensor(new ProtoReader(new ProtoWriter().varint(1, 2).varint(1, 2).varint(2, 1)
                .packedFloats(4, 1f, 2f, 3f, 4f).string(8, "f").toBytes()));
        assertArrayEquals(new float[] {1, 2, 3, 4}, f.toTensor().toFloatArray());
        OnnxTensor i = OnnxParser.tensor(new ProtoReader(new ProtoWriter().varint(1, 3).varint(2, 7)
                .packedVarints(7, -1, 0, 1L << 40).toBytes()));
        assertArrayEquals(new long[] {-1, 0, 1L << 40}, i.toLongs());
        OnnxTensor scalar = OnnxParser.tensor(new ProtoReader(new ProtoWriter().varint(2, 6).packedVarints(5, -7)
                .toBytes()));
        assertEquals(0, scalar.dims().length);
        assertEquals(DType.I32, scalar.toTensor().dtype());
        assertEquals(-7, scalar.toLongs()[0]);
    }

    @Test
    void dataOfTheWrongSizeIsAnError() {
        byte[] bytes = new ProtoWriter().varint(1, 4).varint(2, 1).string(8, "short").bytes(9, new byte[8]).toBytes();
        GatunException e = assertThrows(GatunException.class, () -> OnnxParser.tensor(new ProtoReader(bytes)));
        assertTrue(e.getMessage().contains("'short'") && e.getMessage().contains("needs 16 bytes"), e.getMessage());
    }

    @Test
    void externalDataIsRejectedClearly() {
        byte[] bytes = new ProtoWriter().varint(1, 1).varint(2, 1).string(8, "big").varint(14, 1).toBytes();
        GatunException e = assertThrows(GatunException.class, () -> OnnxParser.tensor(new ProtoReader(bytes)));
        assertTrue(e.getMessage().contains("external file"), e.getMessage());
    }

    @Test
    void nodesKeepInputsOutputsAndAttributes() {
        ProtoWriter perm = new ProtoWriter().string(1, "perm").varint(20, 7).packedVarints(8, 0, 2, 1, 3);
        ProtoWriter eps = new ProtoWriter().string(1, "epsilon").floatField(2, 1e-12f).varint(20, 1);
        ProtoWriter value = new ProtoWriter().string(1, "value").varint(20, 4).message(5,
                rawTensor("c", new float[] {2}));
        OnnxNode n = OnnxParser.node(new ProtoReader(node("Transpose", List.of("x", ""), List.of("y"), perm, eps, value)
                .toBytes()));
        assertEquals("Transpose", n.opType());
        assertEquals(List.of("x", ""), n.inputs());
        assertEquals("", n.input(1));
        assertEquals("", n.input(5));
        assertEquals("y", n.output());
        assertArrayEquals(new long[] {0, 2, 1, 3}, n.attribute("perm").asInts());
        assertEquals(1e-12f, n.attribute("epsilon").asFloat());
        assertEquals(2.0, n.attribute("value").asTensor().toDoubles()[0]);
        assertThrows(GatunException.class, () -> n.attribute("perm").asFloat());
    }

    @Test
    void modelWithGraphInputsOutputsAndIndexes() {
        ProtoWriter inputType = new ProtoWriter().message(1, new ProtoWriter().varint(1, 7).message(2,
                new ProtoWriter().message(1, new ProtoWriter().string(2, "batch")).message(1, new ProtoWriter().varint(1, 8))));
        ProtoWriter graph = new ProtoWriter()
                .message(1, node("MatMul", List.of("x", "w"), List.of("y")))
                .message(1, node("Relu", List.of("y"), List.of("z")))
                .string(2, "g")
                .message(5, rawTensor("w", new float[] {1, 2, 3, 4}, 2, 2))
                .message(11, new ProtoWriter().string(1, "x").message(2, inputType))
                .message(12, new ProtoWriter().string(1, "z"));
        OnnxModel m = OnnxFile.read(MemorySegment.ofArray(model(graph)), "tiny.onnx");
        assertEquals(8, m.irVersion());
        assertEquals("test", m.producerName());
        assertEquals(17L, m.opsets().get(""));
        OnnxGraph g = m.graph();
        assertEquals("g", g.name());
        assertEquals(List.of("batch", 8L), g.inputs().getFirst().dims());
        assertEquals(OnnxDataType.INT64, g.inputs().getFirst().elemType());
        assertEquals("Relu", g.consumers("y").getFirst().opType());
        assertEquals("MatMul", g.producer("y").opType());
        assertNull(g.producer("w"));
        assertTrue(g.isInitializer("w"));
        assertEquals(4.0, g.constant("w").toDoubles()[3]);
        assertNull(g.constant("y"));
    }

    @Test
    void filesThatAreNotOnnxNameTheFile(@TempDir Path dir) throws Exception {
        Path text = dir.resolve("notes.onnx");
        Files.writeString(text, "hello, this is not a model\n");
        GatunException e = assertThrows(GatunException.class, () -> OnnxFile.open(text));
        assertTrue(e.getMessage().startsWith(text + ": not an ONNX model"), e.getMessage());

        Path empty = dir.resolve("empty.onnx");
        Files.write(empty, new byte[0]);
        e = assertThrows(GatunException.class, () -> OnnxFile.open(empty));
        assertTrue(e.getMessage().contains("empty.onnx: not an ONNX model (the file is empty)"), e.getMessage());

        e = assertThrows(GatunException.class, () -> OnnxFile.open(dir.resolve("missing.onnx")));
        assertTrue(e.getMessage().contains("missing.onnx: no such file"), e.getMessage());

        Path noGraph = dir.resolve("nograph.onnx");
        Files.write(noGraph, new ProtoWriter().varint(1, 8).toBytes());
        e = assertThrows(GatunException.class, () -> OnnxFile.open(noGraph));
        assertTrue(e.getMessage().contains("nograph.onnx: not an ONNX model (no graph"), e.getMessage());
    }

    @Test
    void mappedFileServesInitializersUntilClosed(@TempDir Path dir) throws Exception {
        ProtoWriter graph = new ProtoWriter().message(1, node("Relu", List.of("w"), List.of("y")))
                .message(5, rawTensor("w", new float[] {1, -1}, 2));
        Path file = dir.resolve("m.onnx");
        Files.write(file, model(graph));
        OnnxTensor w;
        try (OnnxFile f = OnnxFile.open(file)) {
            w = f.model().graph().initializers().get("w");
            assertEquals(-1.0, w.toTensor().getDouble(1));
        }
        assertThrows(IllegalStateException.class, () -> w.toTensor().getDouble(1));
    }
}
