package dev.gatun.tests.minilm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.engine.cli.Io;
import dev.gatun.engine.cli.Main;
import dev.gatun.engine.embed.DefaultEmbeddingModel;
import dev.gatun.engine.embed.SentenceEmbedder;
import dev.gatun.tensor.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatun convert}, and the default model set up from the artifact, on the real file. */
class MiniLmCommandsTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result gatun(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env);
        int code = new Main(Main.commands(), io).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void convertCommandWritesALoadableFolder() {
        Path out = dir.resolve("minilm");
        Result r = gatun(Map.of(), "convert", "onnx", MiniLm.onnx().toString(), "--out", out.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        Map<String, Object> report = Json.parseObject(r.out().strip());
        assertEquals(103L, report.get("tensors"));
        assertEquals(22_713_216L, report.get("parameters"));
        assertTrue(r.err().contains("included the tokenizer found beside the model"), r.err());
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "modules.json", "1_Pooling/config.json")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        try (SentenceEmbedder e = SentenceEmbedder.load(out)) {
            MiniLm.Reference first = MiniLm.references().getFirst();
            assertTrue(SentenceEmbedder.cosine(first.embedding(), e.embed(first.text())) > 0.99999);
        }
    }

    @Test
    void defaultModelIsConvertedFromTheArtifactOnFirstUse() {
        String repository = System.getProperty("gatun.maven.repository");
        Map<String, String> env = Map.of("GATUN_CACHE", dir.resolve("cache").toString(),
                "GATUN_MAVEN_REPOSITORY", repository);
        Result first = gatun(env, "embed", "--json", "What is the capital of France?");
        assertEquals(0, first.code(), first.err());
        assertTrue(first.err().contains("converting all-MiniLM-L6-v2 from"), first.err());
        assertTrue(Files.isRegularFile(new DefaultEmbeddingModel(env).folder().resolve("model.safetensors")));
        Result again = gatun(env, "embed", "--json", "What is the capital of France?");
        assertEquals("", again.err());
        MiniLm.Reference ref = MiniLm.references().stream()
                .filter(x -> x.text().equals("What is the capital of France?")).findFirst().orElseThrow();
        assertTrue(SentenceEmbedder.cosine(ref.embedding(), vector(first.out())) > 0.99999);
        assertTrue(SentenceEmbedder.cosine(ref.embedding(), vector(again.out())) > 0.99999);
    }

    private static float[] vector(String jsonLine) {
        List<Object> v = Json.getList(Json.parseObject(jsonLine.strip()), "embedding");
        float[] out = new float[v.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) v.get(i)).floatValue();
        }
        return out;
    }
}
