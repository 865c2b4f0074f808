package dev.gatun.models.bert;

import dev.gatun.models.onnx.OnnxAttribute;
import dev.gatun.models.onnx.OnnxDataType;
import dev.gatun.models.onnx.OnnxGraph;
import dev.gatun.models.onnx.OnnxNode;
import dev.gatun.models.onnx.OnnxTensor;
import dev.gatun.models.onnx.OnnxValueInfo;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the ONNX graph PyTorch exports for a Hugging Face {@code BertModel} (opset 14: composed layer
 * norms, shape arithmetic for reshapes, MatMul weights stored transposed under anonymous names), from a
 * state dict, so that imports can be checked against the weights that went in. Options produce the
 * variants other exporters write and the defects the importer must report.
 */
final class OnnxBertGraph {

    /**
     * @param fusedLayerNorm one LayerNormalization node instead of the composition
     * @param constantReshape reshape targets as constants instead of Concat of shape pieces
     * @param pooler include the pooler
     * @param anonymousNames name every initializer anonymously, not only MatMul weights
     * @param activation the op of the feed-forward activation: "Erf" (exact GELU), "Sigmoid", ...
     * @param embeddingLayerNorm whether the embeddings are layer-normalised
     */
    record Options(boolean fusedLayerNorm, boolean constantReshape, boolean pooler, boolean anonymousNames,
                   String activation, boolean embeddingLayerNorm) {
        static Options pytorch() {
            return new Options(false, false, true, false, "Erf", true);
        }

        Options fused() {
            return new Options(true, constantReshape, pooler, anonymousNames, activation, embeddingLayerNorm);
        }

        Options constantShapes() {
            return new Options(fusedLayerNorm, true, pooler, anonymousNames, activation, embeddingLayerNorm);
        }

        Options noPooler() {
            return new Options(fusedLayerNorm, constantReshape, false, anonymousNames, activation, embeddingLayerNorm);
        }

        Options anonymous() {
            return new Options(fusedLayerNorm, constantReshape, pooler, true, activation, embeddingLayerNorm);
        }

        Options activation(String op) {
            return new Options(fusedLayerNorm, constantReshape, pooler, anonymousNames, op, embeddingLayerNorm);
        }

        Options withoutEmbeddingLayerNorm() {
            return new Options(fusedLayerNorm, constantReshape, pooler, anonymousNames, activation, false);
        }
    }

    private final BertConfig config;
    private final Map<String, Tensor> weights;
    private final Options options;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final Map<String, OnnxTensor> initializers = new LinkedHashMap<>();
    private int values;
    private int anonymous = 885;

    private OnnxBertGraph(BertConfig config, Map<String, Tensor> weights, Options options) {
        this.config = config;
        this.weights = weights;
        this.options = options;
    }

    static OnnxGraph build(BertConfig config, Map<String, Tensor> weights, Options options) {
        return new OnnxBertGraph(config, weights, options).graph(List.of());
    }

    /** The graph with extra initializers that no node reads. */
    static OnnxGraph build(BertConfig config, Map<String, Tensor> weights, Options options, List<OnnxTensor> extra) {
        return new OnnxBertGraph(config, weights, options).graph(extra);
    }

    private OnnxGraph graph(List<OnnxTensor> extra) {
        String mask = op("Mul", op("Sub", floats(1f), op("Cast", Map.of("to", intAttr("to", 1)),
                op("Unsqueeze", op("Unsqueeze", "attention_mask", longs(1)), longs(2)))), floats(-Float.MAX_VALUE));
        String word = op("Gather", weight("embeddings.word_embeddings.weight"), "input_ids");
        String types = op("Gather", weight("embeddings.token_type_embeddings.weight"), "token_type_ids");
        String length = op("Unsqueeze", op("Gather", op("Shape", "input_ids"), scalarLong(1)), longs(0));
        String positionIds = op("Slice", init("embeddings.position_ids", Tensor.arange(config.maxPositionEmbeddings())
                .reshape(1, -1)), longs(0), length, longs(1), longs(1));
        String positions = op("Gather", weight("embeddings.position_embeddings.weight"), positionIds);
        String sum = op("Add", op("Add", word, types), positions);
        String h = options.embeddingLayerNorm() ? layerNorm(sum, "embeddings.LayerNorm") : sum;
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            h = layer(h, mask, "encoder.layer." + i + ".");
        }
        List<OnnxValueInfo> outputs = new ArrayList<>(List.of(new OnnxValueInfo(h, OnnxDataType.FLOAT, List.of())));
        if (options.pooler()) {
            String first = op("Gather", Map.of("axis", intAttr("axis", 1)), h, scalarLong(0));
            String dense = op("Gemm", Map.of("transB", intAttr("transB", 1), "alpha", floatAttr("alpha", 1f),
                    "beta", floatAttr("beta", 1f)), first, weight("pooler.dense.weight"), weight("pooler.dense.bias"));
            outputs.add(new OnnxValueInfo(op("Tanh", dense), OnnxDataType.FLOAT, List.of()));
        }
        List<OnnxValueInfo> inputs = List.of(input("input_ids"), input("attention_mask"), input("token_type_ids"));
        List<OnnxTensor> all = new ArrayList<>(initializers.values());
        all.addAll(extra);
        return new OnnxGraph("main_graph", nodes, all, inputs, outputs);
    }

    private String layer(String h, String mask, String p) {
        int heads = config.numAttentionHeads();
        int d = config.headSize();
        String q = linear(h, p + "attention.self.query");
        String k = linear(h, p + "attention.self.key");
        String v = linear(h, p + "attention.self.value");
        String kt = transpose(splitHeads(k, heads, d), 0, 2, 3, 1);                 // (B, H, D, T)
        String vh = transpose(splitHeads(v, heads, d), 0, 2, 1, 3);                 // (B, H, T, D)
        String qh = transpose(splitHeads(q, heads, d), 0, 2, 1, 3);                 // (B, H, T, D)
        String scores = op("Add", op("Div", op("MatMul", qh, kt), floats((float) Math.sqrt(d))), mask);
        String probs = op("Softmax", Map.of("axis", intAttr("axis", -1)), scores);
        String context = transpose(op("MatMul", probs, vh), 0, 2, 1, 3);            // (B, T, H, D)
        String merged = op("Reshape", context, longs(0, 0, config.hiddenSize()));
        String attn = layerNorm(op("Add", linear(merged, p + "attention.output.dense"), h), p + "attention.output.LayerNorm");
        String up = linear(attn, p + "intermediate.dense");
        String act = switch (options.activation()) {
            case "Erf" -> op("Mul", op("Mul", up, op("Add", op("Erf", op("Div", up, floats(1.4142135f))), floats(1f))),
                    floats(0.5f));
            default -> op(options.activation(), up);
        };
        return layerNorm(op("Add", linear(act, p + "output.dense"), attn), p + "output.LayerNorm");
    }

    private String splitHeads(String x, int heads, int d) {
        if (options.constantReshape()) {
            return op("Reshape", x, longs(0, 0, heads, d));
        }
        String b = op("Unsqueeze", op("Gather", op("Shape", x), scalarLong(0)), longs(0));
        String t = op("Unsqueeze", op("Gather", op("Shape", x), scalarLong(1)), longs(0));
        return op("Reshape", x, op("Concat", Map.of("axis", intAttr("axis", 0)), b, t, longs(heads), longs(d)));
    }

    private String transpose(String x, long... perm) {
        return op("Transpose", Map.of("perm", new OnnxAttribute("perm", OnnxAttribute.INTS, 0, 0, null, null, null, perm)), x);
    }

    /** MatMul with the weight stored (in, out) under an anonymous name, then Add(bias, product) as exported. */
    private String linear(String x, String name) {
        Tensor w = weights.get(name + ".weight");
        String stored = "onnx::MatMul_" + anonymous++;
        initializers.put(stored, tensor(stored, w.mT().contiguous()));
        return op("Add", weight(name + ".bias"), op("MatMul", x, stored));
    }

    private String layerNorm(String x, String name) {
        String w = weight(name + ".weight");
        String b = weight(name + ".bias");
        float eps = (float) config.layerNormEps();
        if (options.fusedLayerNorm()) {
            return op("LayerNormalization", Map.of("epsilon", floatAttr("epsilon", eps), "axis", intAttr("axis", -1)), x, w, b);
        }
        OnnxAttribute axes = new OnnxAttribute("axes", OnnxAttribute.INTS, 0, 0, null, null, null, new long[] {-1});
        String centered = op("Sub", x, op("ReduceMean", Map.of("axes", axes), x));
        String variance = op("ReduceMean", Map.of("axes", axes), op("Pow", centered, floats(2f)));
        String normed = op("Div", centered, op("Sqrt", op("Add", variance, floats(eps))));
        return op("Add", op("Mul", normed, w), b);
    }

    // ---------------------------------------------------------------- graph pieces

    private String weight(String name) {
        String stored = options.anonymousNames() ? "w" + initializers.size() : name;
        initializers.put(stored, tensor(stored, weights.get(name)));
        return stored;
    }

    private String init(String name, Tensor t) {
        initializers.put(name, tensor(name, t));
        return name;
    }

    private String op(String type, String... inputs) {
        return op(type, Map.of(), inputs);
    }

    private String op(String type, Map<String, OnnxAttribute> attributes, String... inputs) {
        String out = "/" + type + "_" + values++ + "_output_0";
        nodes.add(new OnnxNode("/" + type + "_" + values, type, "", List.of(inputs), List.of(out), attributes));
        return out;
    }

    private String floats(float... v) {
        return constant(v.length == 1 ? Tensor.scalar(DType.F32, v[0]) : Tensor.of(v, v.length));
    }

    private String longs(long... v) {
        return constant(Tensor.of(v, v.length));
    }

    private String scalarLong(long v) {
        return constant(Tensor.scalar(DType.I64, v));
    }

    private String constant(Tensor value) {
        OnnxAttribute attr = new OnnxAttribute("value", OnnxAttribute.TENSOR, 0, 0, null, tensor("", value), null, null);
        return op("Constant", Map.of("value", attr));
    }

    private static OnnxAttribute intAttr(String name, long v) {
        return new OnnxAttribute(name, OnnxAttribute.INT, 0, v, null, null, null, null);
    }

    private static OnnxAttribute floatAttr(String name, float v) {
        return new OnnxAttribute(name, OnnxAttribute.FLOAT, v, 0, null, null, null, null);
    }

    private static OnnxValueInfo input(String name) {
        return new OnnxValueInfo(name, OnnxDataType.INT64, List.of("batch", "sequence"));
    }

    /** A copy of {@code t} in native memory, as an initializer would be. */
    static OnnxTensor tensor(String name, Tensor t) {
        Tensor c = t.detach().contiguous();
        long bytes = c.dtype().byteSize(c.numel());
        MemorySegment data = Arena.ofAuto().allocate(Math.max(bytes, 1)).asSlice(0, bytes);
        MemorySegment.copy(c.segment(), c.offset() * c.dtype().byteSize(), data, 0, bytes);
        long[] dims = java.util.Arrays.stream(c.shape()).asLongStream().toArray();
        OnnxDataType type = c.dtype() == DType.F32 ? OnnxDataType.FLOAT : OnnxDataType.INT64;
        return new OnnxTensor(name, dims, type, data);
    }
}
