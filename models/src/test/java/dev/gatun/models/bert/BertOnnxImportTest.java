package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.onnx.OnnxGraph;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BertOnnxImportTest {
    static final BertConfig TINY = new BertConfig(50, 16, 2, 4, 24, "gelu", 0.1, 0.1, 20, 2, 1e-12, 0);

    private static Map<String, Tensor> weights(boolean pooler) {
        return new BertModel(TINY, pooler, new SplittableRandom(7)).stateDict();
    }

    private static void assertImports(OnnxBertGraph.Options options, boolean pooler) {
        Map<String, Tensor> expected = weights(pooler);
        BertOnnxImport.Imported imported = BertOnnxImport.fromGraph(OnnxBertGraph.build(TINY, expected, options));
        assertEquals(TINY, imported.config());
        assertEquals(expected.keySet(), imported.weights().keySet());
        expected.forEach((name, w) -> {
            Tensor got = imported.weights().get(name);
            assertArrayEquals(w.shape(), got.shape(), name);
            assertArrayEquals(w.toFloatArray(), got.toFloatArray(), name);
        });
    }

    @Test
    void pytorchExportMapsEveryWeightToItsName() {
        assertImports(OnnxBertGraph.Options.pytorch(), true);
    }

    @Test
    void namesComeFromWiringNotFromInitializerNames() {
        assertImports(OnnxBertGraph.Options.pytorch().anonymous(), true);
    }

    @Test
    void fusedLayerNormsAndConstantReshapes() {
        assertImports(OnnxBertGraph.Options.pytorch().fused().constantShapes(), true);
    }

    @Test
    void graphWithoutPooler() {
        assertImports(OnnxBertGraph.Options.pytorch().noPooler(), false);
    }

    @Test
    void importedKeysAreExactlyTheModelsStateDict() {
        Map<String, Tensor> w = weights(true);
        BertOnnxImport.Imported imported = BertOnnxImport.fromGraph(
                OnnxBertGraph.build(TINY, w, OnnxBertGraph.Options.pytorch()));
        BertModel model = new BertModel(imported.config(), true, new SplittableRandom(1));
        assertTrue(model.loadStateDict(imported.weights(), true).isExact());
    }

    @Test
    void layerNormEpsilonIsReadBack() {
        BertConfig eps5 = new BertConfig(50, 16, 1, 2, 24, "gelu", 0.1, 0.1, 20, 2, 1e-5, 0);
        Map<String, Tensor> w = new BertModel(eps5, true, new SplittableRandom(3)).stateDict();
        for (OnnxBertGraph.Options o : List.of(OnnxBertGraph.Options.pytorch(), OnnxBertGraph.Options.pytorch().fused())) {
            assertEquals(1e-5, BertOnnxImport.fromGraph(OnnxBertGraph.build(eps5, w, o)).config().layerNormEps());
        }
    }

    @Test
    void transposedWeightsArePyTorchLayout() {
        Map<String, Tensor> w = weights(true);
        Tensor up = BertOnnxImport.fromGraph(OnnxBertGraph.build(TINY, w, OnnxBertGraph.Options.pytorch()))
                .weights().get("encoder.layer.1.intermediate.dense.weight");
        assertArrayEquals(new int[] {24, 16}, up.shape());
        assertTrue(up.isContiguous());
    }

    private static String failure(OnnxGraph graph) {
        return assertThrows(GatunException.class, () -> BertOnnxImport.fromGraph(graph)).getMessage();
    }

    @Test
    void unknownActivationIsReported() {
        String m = failure(OnnxBertGraph.build(TINY, weights(true), OnnxBertGraph.Options.pytorch().activation("Sigmoid")));
        assertTrue(m.contains("not a BERT encoder") && m.contains("activation") && m.contains("Sigmoid"), m);
    }

    @Test
    void missingLayerNormIsReported() {
        String m = failure(OnnxBertGraph.build(TINY, weights(true),
                OnnxBertGraph.Options.pytorch().withoutEmbeddingLayerNorm()));
        assertTrue(m.contains("no layer norm follows the sum of the embeddings"), m);
    }

    @Test
    void leftoverWeightsAreReported() {
        Tensor extra = Tensor.ones(dev.gatun.tensor.DType.F32, 3, 3);
        String m = failure(OnnxBertGraph.build(TINY, weights(true), OnnxBertGraph.Options.pytorch(),
                List.of(OnnxBertGraph.tensor("classifier.weight", extra))));
        assertTrue(m.contains("1 weight(s) matched no BERT parameter: classifier.weight [3, 3]"), m);
    }

    @Test
    void graphWithoutEmbeddingsIsReported() {
        OnnxGraph g = OnnxBertGraph.build(TINY, weights(true), OnnxBertGraph.Options.pytorch());
        OnnxGraph renamed = new OnnxGraph(g.name(), g.nodes().stream().map(n -> new dev.gatun.models.onnx.OnnxNode(
                n.name(), n.opType(), n.domain(), n.inputs().stream().map(i -> i.equals("input_ids") ? "ids" : i).toList(),
                n.outputs(), n.attributes())).toList(), List.copyOf(g.initializers().values()), List.of(), g.outputs());
        String m = failure(renamed);
        assertTrue(m.contains("indexed by the graph input 'input_ids'"), m);
        assertFalse(m.contains("Exception"), m);
    }
}
