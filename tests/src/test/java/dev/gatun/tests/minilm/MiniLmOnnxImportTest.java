package dev.gatun.tests.minilm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.bert.BertConfig;
import dev.gatun.models.bert.BertModel;
import dev.gatun.models.bert.BertOnnxImport;
import dev.gatun.models.onnx.OnnxFile;
import dev.gatun.models.onnx.OnnxGraph;
import dev.gatun.models.onnx.OnnxNode;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The import of the real all-MiniLM-L6-v2 graph. */
class MiniLmOnnxImportTest {

    @Test
    void graphStructureGivesTheExpectedModel() {
        try (OnnxFile file = OnnxFile.open(MiniLm.onnx()); Scope s = Scope.open()) {
            BertOnnxImport.Imported imported = BertOnnxImport.fromGraph(file.model().graph());
            assertEquals(new BertConfig(30522, 384, 6, 12, 1536, "gelu", 0.1, 0.1, 512, 2, 1e-12, 0), imported.config());
            BertModel model = new BertModel(imported.config(), true, new SplittableRandom(0));
            assertTrue(model.loadStateDict(imported.weights(), true).isExact());
        }
    }

    /**
     * The exporter names each MatMul node after its module ({@code /encoder/layer.3/attention/self/key/MatMul});
     * the import never looks at node names, so they serve here as an independent check of the mapping.
     */
    @Test
    void everyMatrixWeightMatchesTheNodeNamedAfterItsModule() {
        try (OnnxFile file = OnnxFile.open(MiniLm.onnx()); Scope s = Scope.open()) {
            OnnxGraph graph = file.model().graph();
            Map<String, Tensor> weights = BertOnnxImport.fromGraph(graph).weights();
            int checked = 0;
            for (OnnxNode n : graph.nodes()) {
                if (!n.opType().equals("MatMul") || !graph.isInitializer(n.input(1))) {
                    continue;
                }
                // "/encoder/layer.3/attention/self/key/MatMul" -> "encoder.layer.3.attention.self.key.weight"
                String module = n.name().substring(1, n.name().lastIndexOf('/')).replace('/', '.');
                Tensor stored = graph.initializers().get(n.input(1)).toTensor();            // (in, out)
                Tensor imported = weights.get(module + ".weight");                          // (out, in)
                assertArrayEquals(stored.mT().contiguous().toFloatArray(), imported.toFloatArray(), module);
                checked++;
            }
            assertEquals(6 * 6, checked);
        }
    }
}
