package dev.gatun.models.bert;

import dev.gatun.models.onnx.OnnxGraph;
import dev.gatun.models.onnx.OnnxLayerNorm;
import dev.gatun.models.onnx.OnnxLinear;
import dev.gatun.models.onnx.OnnxMatcher;
import dev.gatun.models.onnx.OnnxNode;
import dev.gatun.models.onnx.OnnxTensor;
import dev.gatun.models.onnx.OnnxValueInfo;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the weights of a BERT encoder out of an ONNX graph and gives each its Hugging Face name.
 *
 * <p>Exporters keep some parameter names (biases, layer norms, embeddings) but store most matrix weights
 * as anonymous initializers such as {@code onnx::MatMul_885}, transposed to (in, out). The names are
 * therefore derived from the graph's wiring, never from value names:
 * <ol>
 *   <li>the embeddings are the {@code Gather}s of 2-D tables summed before the first layer norm: the one
 *       indexed by the {@code input_ids} input is {@code word_embeddings}, the one indexed by
 *       {@code token_type_ids} is {@code token_type_embeddings}, the one indexed by computed positions
 *       is {@code position_embeddings};</li>
 *   <li>a layer starts at the three projections reading the previous hidden state: the two that meet in
 *       one matrix product are query (left operand) and key (right operand), the third, which meets the
 *       attention probabilities, is value;</li>
 *   <li>the first projection after the attention product is {@code attention.output.dense}, followed by
 *       a residual add and a layer norm; then {@code intermediate.dense}, the activation,
 *       {@code output.dense}, a residual add and a layer norm, whose output feeds the next layer;</li>
 *   <li>the number of heads is read from the reshape of the query to (B, T, H, D) and checked against
 *       the scale of the scores, 1/sqrt(D); the activation from the ops between the feed-forward
 *       products (Erf: exact GELU);</li>
 *   <li>{@code pooler.dense} is the projection of the first token followed by Tanh, when present.</li>
 * </ol>
 * Any deviation (a missing piece, an unexpected count, an initializer left over) is a
 * {@link GatunException} that says what was expected where.
 *
 * {@snippet :
 * try (OnnxFile file = OnnxFile.open(Path.of("model.onnx"))) {
 *     BertOnnxImport.Imported bert = BertOnnxImport.fromGraph(file.model().graph());
 *     bert.weights().get("encoder.layer.0.attention.self.query.weight");   // (C, C), PyTorch layout
 * }
 * }
 */
public final class BertOnnxImport {

    /**
     * What the graph holds: the config it implies and the weights by Hugging Face name, in PyTorch's
     * layout. Weights that needed no transposing are zero-copy views of the ONNX file's memory; the
     * transposed ones are copies in the scope current during the import.
     */
    public record Imported(BertConfig config, Map<String, Tensor> weights) {
        public Imported {
            weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        }
    }

    private final OnnxGraph graph;
    private final OnnxMatcher matcher;
    private final Map<String, Tensor> weights = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    private BertOnnxImport(OnnxGraph graph) {
        this.graph = graph;
        this.matcher = new OnnxMatcher(graph);
    }

    /**
     * Maps the graph's initializers to BERT parameter names.
     *
     * @throws GatunException if the graph does not have the structure of a BERT encoder
     */
    public static Imported fromGraph(OnnxGraph graph) {
        return new BertOnnxImport(graph).run();
    }

    private Imported run() {
        Embeddings emb = embeddings();
        String hidden = emb.layerNorm.output();
        int layers = 0;
        int heads = -1;
        int intermediate = -1;
        String activation = null;
        double eps = emb.layerNorm.eps();
        while (true) {
            List<OnnxLinear> projections = matcher.linearsReading(hidden);
            if (projections.isEmpty()) {
                break;
            }
            Layer layer = layer(layers, hidden, projections, emb.hiddenSize);
            if (heads >= 0 && (layer.heads != heads || !layer.activation.equals(activation)
                    || layer.intermediate != intermediate)) {
                throw notBert("layer " + layers + " differs from layer 0 in heads, activation or feed-forward size");
            }
            heads = layer.heads;
            activation = layer.activation;
            intermediate = layer.intermediate;
            hidden = layer.output;
            layers++;
        }
        if (layers == 0) {
            throw notBert("no encoder layer (three projections of the embeddings' layer norm) was found");
        }
        pooler(hidden, emb.hiddenSize);
        checkAllUsed();
        BertConfig config = new BertConfig(emb.vocab, emb.hiddenSize, layers, heads, intermediate, activation, 0.1,
                0.1, emb.positions, emb.types, roundToFloat(eps), 0);
        return new Imported(config, weights);
    }

    // ---------------------------------------------------------------- embeddings

    private record Embeddings(int vocab, int positions, int types, int hiddenSize, OnnxLayerNorm layerNorm) {
    }

    private Embeddings embeddings() {
        OnnxNode word = null;
        for (OnnxNode n : graph.nodes()) {
            if (isTableGather(n) && "input_ids".equals(graphInputBehind(n.input(1)))) {
                word = n;
            }
        }
        if (word == null) {
            throw notBert("no Gather of a 2-D embedding table indexed by the graph input 'input_ids'");
        }
        List<OnnxNode> lookups = new ArrayList<>();
        String sum = word.output();
        while (graph.consumers(sum).size() == 1 && graph.consumers(sum).getFirst().opType().equals("Add")) {
            OnnxNode add = graph.consumers(sum).getFirst();
            String other = add.input(0).equals(sum) ? add.input(1) : add.input(0);
            OnnxNode gather = graph.producer(other);
            if (gather == null || !isTableGather(gather)) {
                throw notBert("the embedding sum adds '" + other + "', which is not a lookup in an embedding table");
            }
            lookups.add(gather);
            sum = add.output();
        }
        OnnxNode tokenType = null;
        List<OnnxNode> computed = new ArrayList<>();
        for (OnnxNode g : lookups) {
            String source = graphInputBehind(g.input(1));
            if ("token_type_ids".equals(source) && tokenType == null) {
                tokenType = g;
            } else if (source == null) {
                computed.add(g);
            } else {
                throw notBert("the embedding sum has an unexpected lookup indexed by input '" + source + "'");
            }
        }
        if (tokenType == null && computed.size() == 2) {
            // Token types fed as a constant: the smaller table is the token-type one (2 rows against 512).
            computed.sort(java.util.Comparator.comparingInt(this::rows));
            tokenType = computed.removeFirst();
        }
        if (tokenType == null || computed.size() != 1) {
            throw notBert("the word embeddings are not summed with exactly one position and one token-type lookup");
        }
        OnnxNode position = computed.getFirst();
        OnnxLayerNorm ln = matcher.layerNormReading(sum);
        if (ln == null) {
            throw notBert("no layer norm follows the sum of the embeddings");
        }
        int hiddenSize = (int) table(word).dims()[1];
        put("embeddings.word_embeddings.weight", table(word));
        put("embeddings.position_embeddings.weight", table(position));
        put("embeddings.token_type_embeddings.weight", table(tokenType));
        putLayerNorm("embeddings.LayerNorm", ln, hiddenSize);
        for (OnnxNode t : List.of(position, tokenType)) {
            if (table(t).dims()[1] != hiddenSize) {
                throw notBert("embedding table '" + t.input(0) + "' has width " + table(t).dims()[1] + ", expected "
                        + hiddenSize);
            }
        }
        return new Embeddings(rows(word), rows(position), rows(tokenType), hiddenSize, ln);
    }

    private boolean isTableGather(OnnxNode n) {
        OnnxTensor t = graph.initializers().get(n.input(0));
        return n.opType().equals("Gather") && t != null && t.dims().length == 2
                && (n.attribute("axis") == null || n.attribute("axis").asInt() == 0);
    }

    private OnnxTensor table(OnnxNode gather) {
        return graph.initializers().get(gather.input(0));
    }

    private int rows(OnnxNode gather) {
        return (int) table(gather).dims()[0];
    }

    /** The graph input that {@code value} is, through casts and reshapes; null when it is computed. */
    private String graphInputBehind(String value) {
        String v = value;
        for (int hops = 0; hops < 8; hops++) {
            for (OnnxValueInfo in : graph.inputs()) {
                if (in.name().equals(v) && !graph.isInitializer(v)) {
                    return v;
                }
            }
            OnnxNode p = graph.producer(v);
            if (p == null || !Set.of("Cast", "Identity", "Reshape", "Unsqueeze", "Squeeze").contains(p.opType())) {
                return null;
            }
            v = p.input(0);
        }
        return null;
    }

    // ---------------------------------------------------------------- encoder layers

    private record Layer(int heads, int intermediate, String activation, String output) {
    }

    private Layer layer(int index, String hidden, List<OnnxLinear> projections, int c) {
        String prefix = "encoder.layer." + index + ".";
        if (projections.size() != 3) {
            throw notBert("layer " + index + ": expected 3 projections (query, key, value) of the hidden state, found "
                    + projections.size());
        }
        OnnxLinear query = null;
        OnnxLinear key = null;
        OnnxLinear value = null;
        OnnxNode scores = null;
        OnnxNode context = null;
        List<OnnxMatcher.Reached> reached = new ArrayList<>();
        for (OnnxLinear p : projections) {
            reached.add(matcher.nextMatMul(p.output()));
        }
        for (int i = 0; i < 3; i++) {
            OnnxMatcher.Reached r = reached.get(i);
            if (r == null) {
                throw notBert("layer " + index + ": projection '" + projections.get(i).weight().name()
                        + "' reaches no attention product");
            }
            long sharing = reached.stream().filter(o -> o != null && o.node() == r.node()).count();
            if (sharing == 2 && r.inputIndex() == 0) {
                query = projections.get(i);
                scores = r.node();
            } else if (sharing == 2 && r.inputIndex() == 1) {
                key = projections.get(i);
            } else if (sharing == 1 && r.inputIndex() == 1) {
                value = projections.get(i);
                context = r.node();
            }
        }
        if (query == null || key == null || value == null) {
            throw notBert("layer " + index + ": the projections do not form query @ key^T and probabilities @ value");
        }
        OnnxMatcher.Reached probs = matcher.nextMatMul(scores.output());
        if (probs == null || probs.node() != context || probs.inputIndex() != 0) {
            throw notBert("layer " + index + ": the attention scores do not feed the product with the values");
        }
        int heads = heads(index, query, scores, c);
        putLinear(prefix + "attention.self.query", query, c, c);
        putLinear(prefix + "attention.self.key", key, c, c);
        putLinear(prefix + "attention.self.value", value, c, c);

        OnnxLinear attnOut = linearAfter(index, context.output(), "attention output");
        putLinear(prefix + "attention.output.dense", attnOut, c, c);
        OnnxLayerNorm attnNorm = residualNorm(index, attnOut.output(), hidden, "attention output");
        putLayerNorm(prefix + "attention.output.LayerNorm", attnNorm, c);

        List<OnnxLinear> up = matcher.linearsReading(attnNorm.output());
        if (up.size() != 1) {
            throw notBert("layer " + index + ": expected 1 feed-forward projection after the attention, found " + up.size());
        }
        OnnxLinear inter = up.getFirst();
        int intermediate = inter.outFeatures();
        putLinear(prefix + "intermediate.dense", inter, c, intermediate);
        String activation = activation(index, inter.output());
        OnnxLinear down = linearAfter(index, inter.output(), "feed-forward output");
        putLinear(prefix + "output.dense", down, intermediate, c);
        OnnxLayerNorm outNorm = residualNorm(index, down.output(), attnNorm.output(), "feed-forward output");
        putLayerNorm(prefix + "output.LayerNorm", outNorm, c);
        return new Layer(heads, intermediate, activation, outNorm.output());
    }

    /** The projection that is the first matrix product on the data path after {@code value}. */
    private OnnxLinear linearAfter(int index, String value, String what) {
        OnnxMatcher.Reached r = matcher.nextMatMul(value);
        OnnxLinear l = r == null ? null : matcher.linearAt(r.node());
        if (l == null) {
            throw notBert("layer " + index + ": no " + what + " projection follows");
        }
        return l;
    }

    /** The layer norm of {@code residual + sublayer}. */
    private OnnxLayerNorm residualNorm(int index, String sublayer, String residual, String what) {
        for (OnnxNode n : graph.consumers(sublayer)) {
            boolean residualAdd = n.opType().equals("Add") && (n.input(0).equals(residual) || n.input(1).equals(residual));
            OnnxLayerNorm ln = residualAdd ? matcher.layerNormReading(n.output()) : null;
            if (ln != null) {
                return ln;
            }
        }
        throw notBert("layer " + index + ": the " + what + " is not added to its input and layer-normalised");
    }

    /** Heads from the query's reshape to (B, T, H, D), checked against the 1/sqrt(D) scaling of the scores. */
    private int heads(int index, OnnxLinear query, OnnxNode scores, int c) {
        long h = -1;
        for (OnnxNode n : graph.consumers(query.output())) {
            if (n.opType().equals("Reshape") && n.input(0).equals(query.output())) {
                h = reshapeHeads(n.input(1));
            }
        }
        double scale = scoreScale(scores.output());
        if (h < 1 && !Double.isNaN(scale)) {
            long d = Math.round(1 / (scale * scale));
            h = d > 0 && c % d == 0 ? c / d : -1;
        }
        if (h < 1 || c % h != 0) {
            throw notBert("layer " + index + ": cannot tell the number of attention heads from the query reshape");
        }
        double expected = 1 / Math.sqrt((double) c / h);
        if (!Double.isNaN(scale) && Math.abs(scale - expected) > 1e-4 * expected) {
            throw notBert("layer " + index + ": scores are scaled by " + scale + ", expected 1/sqrt(" + (c / h)
                    + ") for " + h + " heads");
        }
        return (int) h;
    }

    /** The third entry of a 4-entry reshape target, constant or concatenated from pieces. */
    private long reshapeHeads(String shape) {
        OnnxTensor c = graph.constant(shape);
        if (c != null) {
            long[] dims = c.toLongs();
            return dims.length == 4 ? dims[2] : -1;
        }
        OnnxNode concat = graph.producer(shape);
        if (concat != null && concat.opType().equals("Concat") && concat.inputs().size() == 4) {
            OnnxTensor piece = graph.constant(concat.input(2));
            return piece != null && piece.numel() == 1 ? piece.toLongs()[0] : -1;
        }
        return -1;
    }

    /** The factor the raw scores are multiplied by (a Div by sqrt(D) gives 1/sqrt(D)), or NaN if unscaled. */
    private double scoreScale(String scores) {
        for (OnnxNode n : graph.consumers(scores)) {
            OnnxTensor c = graph.constant(n.input(1));
            if (c != null && c.numel() == 1 && n.input(0).equals(scores)) {
                double v = c.toDoubles()[0];
                if (n.opType().equals("Div")) {
                    return 1 / v;
                }
                if (n.opType().equals("Mul")) {
                    return v;
                }
            }
        }
        return Double.NaN;
    }

    private String activation(int index, String value) {
        Set<String> ops = matcher.opsUntilMatMul(value);
        if (ops.contains("Erf")) {
            return "gelu";
        }
        if (ops.contains("Gelu")) {
            return "gelu";
        }
        if (ops.contains("Tanh")) {
            return "gelu_new";
        }
        if (ops.contains("Relu")) {
            return "relu";
        }
        throw notBert("layer " + index + ": the feed-forward activation (ops " + ops + ") is not GELU or ReLU");
    }

    // ---------------------------------------------------------------- pooler

    /** {@code tanh(dense(hidden[:, 0]))}, when the graph computes it. */
    private void pooler(String hidden, int c) {
        for (OnnxNode g : graph.consumers(hidden)) {
            OnnxTensor index = g.opType().equals("Gather") ? graph.constant(g.input(1)) : null;
            boolean firstToken = index != null && index.numel() == 1 && index.toLongs()[0] == 0
                    && g.attribute("axis") != null && g.attribute("axis").asInt() == 1;
            if (!firstToken) {
                continue;
            }
            for (OnnxNode n : graph.consumers(g.output())) {
                OnnxLinear dense = matcher.linearAt(n);
                if (dense != null && graph.consumers(dense.output()).stream().anyMatch(t -> t.opType().equals("Tanh"))) {
                    putLinear("pooler.dense", dense, c, c);
                    return;
                }
            }
        }
    }

    // ---------------------------------------------------------------- weights

    private void put(String name, OnnxTensor t) {
        if (!used.add(t.name())) {
            throw notBert("initializer '" + t.name() + "' would be used twice (as " + name + ")");
        }
        weights.put(name, t.toTensor());
    }

    private void putLinear(String name, OnnxLinear l, int in, int out) {
        if (l.inFeatures() != in || l.outFeatures() != out) {
            throw notBert(name + ": weight '" + l.weight().name() + "' is " + l.inFeatures() + " -> " + l.outFeatures()
                    + ", expected " + in + " -> " + out);
        }
        if (l.bias() == null) {
            throw notBert(name + ": the projection with weight '" + l.weight().name() + "' has no bias");
        }
        if (!used.add(l.weight().name()) || !used.add(l.bias().name())) {
            throw notBert("the weights of " + name + " are already used by another layer");
        }
        weights.put(name + ".weight", l.weightOutIn());
        weights.put(name + ".bias", l.bias().toTensor());
    }

    private void putLayerNorm(String name, OnnxLayerNorm ln, int c) {
        if (ln.bias() == null || ln.weight().numel() != c || ln.bias().numel() != c) {
            throw notBert(name + ": expected weight and bias of size " + c);
        }
        put(name + ".weight", ln.weight());
        put(name + ".bias", ln.bias());
    }

    /** Every floating-point initializer must have found its place; leftovers mean a structure we do not know. */
    private void checkAllUsed() {
        List<String> left = new ArrayList<>();
        for (OnnxTensor t : graph.initializers().values()) {
            boolean floating = t.dataType().dtype() != null && t.dataType().dtype().isFloatingPoint();
            if (floating && t.numel() > 1 && !used.contains(t.name())) {
                left.add(t.name() + " " + java.util.Arrays.toString(t.dims()));
            }
        }
        if (!left.isEmpty()) {
            throw notBert(left.size() + " weight(s) matched no BERT parameter: "
                    + String.join(", ", left.subList(0, Math.min(5, left.size()))) + (left.size() > 5 ? ", ..." : ""));
        }
    }

    /** Float32-exact constants (1e-12 stored as a float) written back as the decimal they came from. */
    private static double roundToFloat(double v) {
        return Double.parseDouble(Float.toString((float) v));
    }

    private static GatunException notBert(String what) {
        return new GatunException("the ONNX graph is not a BERT encoder Gatun can import: " + what);
    }
}
