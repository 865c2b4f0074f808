package dev.gatun.models.onnx;

import dev.gatun.tensor.GatunException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes the ONNX messages ({@code onnx.proto}) that hold a model's structure and weights, field by
 * field with a {@link ProtoReader}. Field numbers are those of {@code onnx/onnx.proto}; fields not needed
 * to read weights and wiring (docs, metadata, training info, functions, sparse initializers) are
 * skipped.
 */
final class OnnxParser {
    private OnnxParser() {
    }

    /** {@code ModelProto}. */
    static OnnxModel model(ProtoReader r) {
        long irVersion = 0;
        String producer = "";
        String producerVersion = "";
        Map<String, Long> opsets = new LinkedHashMap<>();
        OnnxGraph graph = null;
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> irVersion = r.readVarint();
                case 2 -> producer = r.readString();
                case 3 -> producerVersion = r.readString();
                case 7 -> graph = graph(r.readMessage());
                case 8 -> opset(r.readMessage(), opsets);
                default -> r.skip();
            }
        }
        if (graph == null) {
            throw new GatunException("no graph (ModelProto field 7) found");
        }
        return new OnnxModel(irVersion, producer, producerVersion, opsets, graph);
    }

    /** {@code OperatorSetIdProto}: domain (1), version (2). */
    private static void opset(ProtoReader r, Map<String, Long> into) {
        String domain = "";
        long version = 0;
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> domain = r.readString();
                case 2 -> version = r.readVarint();
                default -> r.skip();
            }
        }
        into.put(domain, version);
    }

    /** {@code GraphProto}. */
    static OnnxGraph graph(ProtoReader r) {
        String name = "";
        List<OnnxNode> nodes = new ArrayList<>();
        List<OnnxTensor> initializers = new ArrayList<>();
        List<OnnxValueInfo> inputs = new ArrayList<>();
        List<OnnxValueInfo> outputs = new ArrayList<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> nodes.add(node(r.readMessage()));
                case 2 -> name = r.readString();
                case 5 -> initializers.add(tensor(r.readMessage()));
                case 11 -> inputs.add(valueInfo(r.readMessage()));
                case 12 -> outputs.add(valueInfo(r.readMessage()));
                default -> r.skip();
            }
        }
        return new OnnxGraph(name, nodes, initializers, inputs, outputs);
    }

    /** {@code NodeProto}. */
    static OnnxNode node(ProtoReader r) {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String opType = null;
        String domain = "";
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> inputs.add(r.readString());
                case 2 -> outputs.add(r.readString());
                case 3 -> name = r.readString();
                case 4 -> opType = r.readString();
                case 5 -> {
                    OnnxAttribute a = attribute(r.readMessage());
                    attributes.put(a.name(), a);
                }
                case 7 -> domain = r.readString();
                default -> r.skip();
            }
        }
        if (opType == null) {
            throw new GatunException("node '" + name + "' has no op_type");
        }
        return new OnnxNode(name, opType, domain, inputs, outputs, attributes);
    }

    /** {@code AttributeProto}. */
    static OnnxAttribute attribute(ProtoReader r) {
        String name = null;
        int type = 0;
        float f = 0;
        long i = 0;
        String s = null;
        OnnxTensor t = null;
        List<float[]> floats = new ArrayList<>();
        List<long[]> ints = new ArrayList<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> name = r.readString();
                case 2 -> f = r.readFloat();
                case 3 -> i = r.readVarint();
                case 4 -> s = r.readString();
                case 5 -> t = tensor(r.readMessage());
                case 7 -> floats.add(r.readFloats());
                case 8 -> ints.add(r.readVarints());
                case 20 -> type = (int) r.readVarint();
                default -> r.skip();
            }
        }
        if (name == null) {
            throw new GatunException("node attribute without a name");
        }
        return new OnnxAttribute(name, type, f, i, s, t, concatFloats(floats), concatLongs(ints));
    }

    /** {@code ValueInfoProto} with its {@code TypeProto.Tensor}, if it has one. */
    static OnnxValueInfo valueInfo(ProtoReader r) {
        String name = "";
        OnnxDataType elem = null;
        List<Object> dims = new ArrayList<>();
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> name = r.readString();
                case 2 -> {
                    ProtoReader type = r.readMessage();
                    while (type.next()) {
                        if (type.fieldNumber() == 1) {               // TypeProto.tensor_type
                            elem = tensorType(type.readMessage(), dims);
                        } else {
                            type.skip();
                        }
                    }
                }
                default -> r.skip();
            }
        }
        return new OnnxValueInfo(name, elem, dims);
    }

    /** {@code TypeProto.Tensor}: elem_type (1), shape (2) of dims with dim_value (1) or dim_param (2). */
    private static OnnxDataType tensorType(ProtoReader r, List<Object> dims) {
        OnnxDataType elem = null;
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> elem = OnnxDataType.of(r.readVarint());
                case 2 -> {
                    ProtoReader shape = r.readMessage();
                    while (shape.next()) {
                        if (shape.fieldNumber() != 1) {
                            shape.skip();
                            continue;
                        }
                        ProtoReader dim = shape.readMessage();
                        Object d = "?";
                        while (dim.next()) {
                            switch (dim.fieldNumber()) {
                                case 1 -> d = dim.readVarint();
                                case 2 -> d = dim.readString();
                                default -> dim.skip();
                            }
                        }
                        dims.add(d);
                    }
                }
                default -> r.skip();
            }
        }
        return elem;
    }

    /** {@code TensorProto}: the elements from {@code raw_data} (zero-copy) or from the typed fields. */
    static OnnxTensor tensor(ProtoReader r) {
        String name = "";
        List<long[]> dims = new ArrayList<>();
        long typeCode = 0;
        MemorySegment raw = null;
        List<float[]> floatData = new ArrayList<>();
        List<double[]> doubleData = new ArrayList<>();
        List<long[]> intData = new ArrayList<>();
        boolean external = false;
        while (r.next()) {
            switch (r.fieldNumber()) {
                case 1 -> dims.add(r.readVarints());
                case 2 -> typeCode = r.readVarint();
                case 4 -> floatData.add(r.readFloats());
                case 5, 7, 11 -> intData.add(r.readVarints());           // int32_data, int64_data, uint64_data
                case 8 -> name = r.readString();
                case 9 -> raw = r.readBytes();
                case 10 -> doubleData.add(r.readDoubles());
                case 14 -> external = r.readVarint() == 1;
                default -> r.skip();
            }
        }
        OnnxDataType type = OnnxDataType.of(typeCode);
        if (type == null || type == OnnxDataType.UNDEFINED || type == OnnxDataType.STRING) {
            throw new GatunException("tensor '" + name + "' has element type " + typeCode
                    + ", which this reader does not support");
        }
        if (external) {
            throw new GatunException("tensor '" + name + "' keeps its data in an external file; convert a model"
                    + " saved with its weights inside the .onnx file");
        }
        long[] shape = concatLongs(dims);
        long numel = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new GatunException("tensor '" + name + "' has a negative dimension in " + Arrays.toString(shape));
            }
            numel = Math.multiplyExact(numel, d);
        }
        long bytes = Math.multiplyExact(numel, (long) type.byteSize());
        MemorySegment data = raw != null ? raw : typedData(type, numel, concatFloats(floatData),
                concatDoubles(doubleData), concatLongs(intData));
        if (data.byteSize() != bytes) {
            throw new GatunException("tensor '" + name + "' of " + type + " " + Arrays.toString(shape)
                    + " needs " + bytes + " bytes of data but has " + data.byteSize());
        }
        return new OnnxTensor(name, shape, type, data);
    }

    /** The typed fields' values laid out as raw_data would be: little-endian, element size of the type. */
    private static MemorySegment typedData(OnnxDataType type, long numel, float[] floats, double[] doubles,
                                           long[] ints) {
        int count = switch (type) {
            case FLOAT, COMPLEX64 -> floats.length;
            case DOUBLE, COMPLEX128 -> doubles.length;
            default -> ints.length;
        };
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(count, type.byteSize())).order(ByteOrder.LITTLE_ENDIAN);
        switch (type) {
            case FLOAT, COMPLEX64 -> out.asFloatBuffer().put(floats);
            case DOUBLE, COMPLEX128 -> out.asDoubleBuffer().put(doubles);
            default -> {
                for (long v : ints) {
                    switch (type.byteSize()) {
                        case 1 -> out.put((byte) v);
                        case 2 -> out.putShort((short) v);                  // FLOAT16/BFLOAT16 bits too
                        case 4 -> out.putInt((int) v);
                        default -> out.putLong(v);
                    }
                }
            }
        }
        return MemorySegment.ofArray(out.array());
    }

    private static long[] concatLongs(List<long[]> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        return parts.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static float[] concatFloats(List<float[]> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        int n = parts.stream().mapToInt(a -> a.length).sum();
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static double[] concatDoubles(List<double[]> parts) {
        return parts.stream().flatMapToDouble(Arrays::stream).toArray();
    }
}
