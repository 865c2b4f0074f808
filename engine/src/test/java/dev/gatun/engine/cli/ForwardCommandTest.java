package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.engine.embed.TinyEmbeddingModel;
import dev.gatun.models.bert.BertModel;
import dev.gatun.models.bert.BertModelOutput;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.io.SafetensorsFile;
import dev.gatun.tensor.io.TensorFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ForwardCommandTest {
    @TempDir
    Path dir;

    private Path bertInputs(Map<String, Tensor> tensors) {
        Path file = dir.resolve("in.safetensors");
        TensorFiles.save(file, tensors, Map.of());
        return file;
    }

    private static Map<String, Tensor> ids() {
        Map<String, Tensor> in = new LinkedHashMap<>();
        in.put("input_ids", Tensor.of(new long[] {2, 6, 7, 3, 2, 8, 3, 0}, 2, 4));
        in.put("attention_mask", Tensor.of(new long[] {1, 1, 1, 1, 1, 1, 1, 0}, 2, 4));
        return in;
    }

    @Test
    void bertOutputsMatchTheModelRunDirectly() throws IOException {
        Path model = TinyEmbeddingModel.write(dir.resolve("bert"));
        Path in = bertInputs(ids());
        Path out = dir.resolve("out.safetensors");
        CommandRunner r = CommandRunner.run("forward", "--model", model.toString(), "--input", in.toString(),
                "--output", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> report = Json.parseObject(r.out());
        assertEquals("bert", report.get("model_type"));
        List<Object> outputs = Json.getList(report, "outputs");
        assertEquals(2, outputs.size());
        assertEquals(List.of(2L, 4L, 16L), ((Map<?, ?>) outputs.get(0)).get("shape"));

        BertModelOutput expected;
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            expected = BertModel.load(model).forward(ids().get("input_ids"), ids().get("attention_mask"), null);
        }
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            Map<String, Tensor> got = TensorFiles.tensors(file);
            assertEquals(List.of("last_hidden_state", "pooler_output"), List.copyOf(got.keySet()));
            // Equal up to float rounding: the kernels' summation order follows the thread count, which other
            // tests running alongside may change between the two runs.
            ModelFixtures.assertClose(expected.lastHiddenState().toFloatArray(),
                    got.get("last_hidden_state").toFloatArray(), 1e-5, "last_hidden_state");
            ModelFixtures.assertClose(expected.pooledOutput().toFloatArray(), got.get("pooler_output").toFloatArray(),
                    1e-5, "pooler_output");
        }
    }

    @Test
    void unknownInputNameIsNamedWithTheExpectedOnes() throws IOException {
        Path model = TinyEmbeddingModel.write(dir.resolve("bert"));
        Map<String, Tensor> in = ids();
        in.put("pixel_values", Tensor.zeros(1, 3, 4, 4));
        Path out = dir.resolve("out.safetensors");
        CommandRunner r = CommandRunner.run("forward", "--model", model.toString(), "--input",
                bertInputs(in).toString(), "--output", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'pixel_values'") && r.err().contains("input_ids (B, T)"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void wrongDtypeAndRankAreClearErrors() throws IOException {
        Path model = TinyEmbeddingModel.write(dir.resolve("bert"));
        Path out = dir.resolve("out.safetensors");
        Map<String, Tensor> floats = Map.of("input_ids", Tensor.zeros(DType.F32, 2, 4));
        CommandRunner r = CommandRunner.run("forward", "--model", model.toString(), "--input",
                bertInputs(floats).toString(), "--output", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("input 'input_ids'") && r.err().contains("integer") && r.err().contains("F32"),
                r.err());

        Map<String, Tensor> flat = Map.of("input_ids", Tensor.of(new long[] {2, 3}));
        r = CommandRunner.run("forward", "--model", model.toString(), "--input", bertInputs(flat).toString(),
                "--output", out.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("(B, T)") && r.err().contains("[2]"), r.err());
        try (Stream<Path> files = Files.list(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith(".out")), "temporary file left");
        }
        assertFalse(Files.exists(out));
    }

    @Test
    void missingRequiredInputIsNamed() throws IOException {
        Path model = TinyEmbeddingModel.write(dir.resolve("bert"));
        Map<String, Tensor> in = Map.of("attention_mask", Tensor.of(new long[] {1, 1}, 1, 2));
        CommandRunner r = CommandRunner.run("forward", "--model", model.toString(), "--input",
                bertInputs(in).toString(), "--output", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("missing input 'input_ids'"), r.err());
    }

    @Test
    void unsupportedModelTypeListsTheSupportedOnes() throws IOException {
        Path model = Files.createDirectories(dir.resolve("gpt"));
        Files.writeString(model.resolve("config.json"), "{\"model_type\": \"gpt2\"}");
        CommandRunner r = CommandRunner.run("forward", "--model", model.toString(), "--input",
                bertInputs(ids()).toString(), "--output", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("'gpt2'") && r.err().contains("bert"), r.err());
    }

    @Test
    void missingOptionIsAUsageError() {
        CommandRunner r = CommandRunner.run("forward", "--model", "x");
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("--input"), r.err());
    }

    /** Runs forward on the pixel values {@code key} of a reference file and compares every named output. */
    private void visionMatchesReference(String folder, String reference, String key, Map<String, String> outputs,
                                        double tolerance) {
        Path in = ModelFixtures.extract(reference, key, "pixel_values", dir.resolve("pixels.safetensors"));
        Path out = dir.resolve("out.safetensors");
        CommandRunner r = CommandRunner.run("forward", "--model", ModelFixtures.path(folder).toString(),
                "--input", in.toString(), "--output", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, float[]> expected = ModelFixtures.read(reference);
        try (SafetensorsFile file = SafetensorsFile.open(out)) {
            Map<String, Tensor> got = TensorFiles.tensors(file);
            assertEquals(new java.util.TreeSet<>(outputs.keySet()), new java.util.TreeSet<>(got.keySet()), r.out());
            outputs.forEach((name, ref) -> ModelFixtures.assertClose(expected.get(ref), got.get(name).toFloatArray(),
                    tolerance, folder + " " + name));
        }
    }

    @Test
    void vitClassifierMatchesTheReference() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("logits", "logits");
        outputs.put("last_hidden_state", "last_hidden_state");
        visionMatchesReference("vit/classifier", "vit/classifier_io.safetensors", "pixel_values", outputs, 1e-4);
        CommandRunner r = CommandRunner.run("forward", "--model", ModelFixtures.path("vit/classifier").toString(),
                "--input", dir.resolve("pixels.safetensors").toString(), "--output",
                dir.resolve("out.safetensors").toString(), "--json");
        List<Object> described = Json.getList(Json.parseObject(r.out()), "outputs");
        assertEquals("logits", ((Map<?, ?>) described.get(0)).get("name"), r.out());
        assertEquals(List.of(2L, 10L), ((Map<?, ?>) described.get(0)).get("shape"), r.out());
    }

    @Test
    void vitBackboneMatchesTheReference() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("last_hidden_state", "last_hidden_state");
        outputs.put("pooler_output", "pooler_output");
        visionMatchesReference("vit/backbone", "vit/backbone_io.safetensors", "pixel_values", outputs, 1e-4);
    }

    @Test
    void swinAndSwinV2ClassifiersMatchTheReference() {
        Map<String, String> outputs = new LinkedHashMap<>();
        outputs.put("logits", "logits");
        outputs.put("last_hidden_state", "last_hidden_state");
        outputs.put("pooler_output", "pooler_output");
        visionMatchesReference("swin/swin-window", "swin/swin-window/reference.safetensors", "pixel_values", outputs,
                1e-4);
        visionMatchesReference("swin/swinv2-pad", "swin/swinv2-pad/reference.safetensors", "pixel_values", outputs,
                1e-4);
    }

    @Test
    void wrongImageSizeIsAClearError() {
        Path in = ModelFixtures.extract("vit/classifier_io.safetensors", "pixel_values_48", "pixel_values",
                dir.resolve("pixels.safetensors"));
        CommandRunner r = CommandRunner.run("forward", "--model", ModelFixtures.path("vit/classifier").toString(),
                "--input", in.toString(), "--output", dir.resolve("o.safetensors").toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("48") && r.err().contains("32"), r.err());
        assertFalse(Files.exists(dir.resolve("o.safetensors")));
    }
}
