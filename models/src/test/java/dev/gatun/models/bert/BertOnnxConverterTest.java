package dev.gatun.models.bert;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.models.onnx.OnnxModel;
import dev.gatun.models.sentence.Pooling;
import dev.gatun.models.sentence.PoolingMode;
import dev.gatun.models.sentence.SentenceEncoder;
import dev.gatun.models.sentence.SentenceTransformerConfig;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BertOnnxConverterTest {
    @TempDir
    Path dir;

    private OnnxModel exported(BertModel model) {
        return new OnnxModel(7, "pytorch", "1.13.0", Map.of("", 14L), OnnxBertGraph.build(BertOnnxImportTest.TINY,
                model.stateDict(), OnnxBertGraph.Options.pytorch()));
    }

    private static BertModel model() {
        BertModel m = new BertModel(BertOnnxImportTest.TINY, true, new java.util.SplittableRandom(11));
        m.eval();
        return m;
    }

    @Test
    void convertedFolderLoadsAndRunsLikeTheExportedModel() throws Exception {
        BertModel original = BertModelTest.spread(model(), 12);
        Path tokenizer = dir.resolve("tok.json");
        Files.writeString(tokenizer, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {}}}");
        Path out = dir.resolve("converted");
        BertOnnxConverter.Result r = BertOnnxConverter.convert(exported(original), tokenizer, out, PoolingMode.MEAN, true);
        assertEquals(BertOnnxImportTest.TINY, r.config());
        assertEquals(original.stateDict().size(), r.tensors());
        for (String f : new String[] {"config.json", "model.safetensors", "tokenizer.json", "modules.json",
            "1_Pooling/config.json"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        Map<String, Object> config = Json.parseObject(out.resolve("config.json"));
        assertEquals(java.util.List.of("BertModel"), config.get("architectures"));
        assertEquals("bert", config.get("model_type"));
        assertEquals(1e-12, Json.getDouble(config, "layer_norm_eps"));
        assertEquals(new SentenceTransformerConfig(new Pooling(PoolingMode.MEAN, 16), true, 0),
                SentenceTransformerConfig.read(out, 16));

        SentenceEncoder encoder = SentenceEncoder.load(out);
        var loaded = encoder.model().stateDict();
        original.stateDict().forEach((name, tensor) ->
                assertArrayEquals(tensor.toFloatArray(), loaded.get(name).toFloatArray(), name));
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            Tensor ids = BertModelTest.ids(new long[][] {{1, 7, 3}});
            // Same weights, but not bit-identical arithmetic: the JIT may compile a kernel between the two
            // calls, and compiled vector transcendentals round differently from the interpreted ones.
            assertArrayEquals(original.forward(ids, null, null).pooledOutput().toFloatArray(),
                    encoder.model().forward(ids, null, null).pooledOutput().toFloatArray(), 1e-6f);
            Tensor v = encoder.forward(ids, Tensor.ones(dev.gatun.tensor.DType.I64, 1, 3), null);
            assertEquals(1.0, v.mul(v).sum().item(), 1e-6);
        }
    }

    @Test
    void tokenizerThatIsNotATokenizerIsRefused() throws Exception {
        Path notTokenizer = dir.resolve("vocab.txt");
        Files.writeString(notTokenizer, "[PAD]\n[UNK]\n");
        GatunException e = assertThrows(GatunException.class, () -> BertOnnxConverter.convert(exported(model()),
                notTokenizer, dir.resolve("out"), PoolingMode.MEAN, true));
        assertTrue(e.getMessage().contains("vocab.txt: not a tokenizer.json"), e.getMessage());
        assertTrue(Files.notExists(dir.resolve("out")));
    }
}
