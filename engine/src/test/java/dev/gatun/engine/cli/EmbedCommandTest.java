package dev.gatun.engine.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.engine.embed.SentenceEmbedder;
import dev.gatun.engine.embed.TinyEmbeddingModel;
import dev.gatun.tensor.io.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbedCommandTest {
    @TempDir
    static Path dir;
    static String model;

    @BeforeAll
    static void writeModel() throws Exception {
        model = TinyEmbeddingModel.write(dir.resolve("tiny")).toString();
    }

    /** Runs {@code embed} with {@code stdin} as standard input and an environment without a default model. */
    static CommandRunner run(String stdin, String... args) {
        InputStream in = CommandRunner.stdin(stdin);
        return CommandRunner.run(List.of(new EmbedCommand(in), new SimilarityCommand(in)),
                Map.of("GATUN_CACHE", dir.resolve("cache").toString(),
                        "GATUN_MAVEN_REPOSITORY", dir.resolve("m2").toString()), args);
    }

    private static float[] parse(String line) {
        String[] parts = line.strip().split(" ");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return v;
    }

    @Test
    void onePlainLinePerText() throws Exception {
        CommandRunner r = run("", "embed", "--model", model, "the cat sat", "a man is eating food");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size());
        try (SentenceEmbedder e = SentenceEmbedder.load(Path.of(model))) {
            assertArrayEquals(e.embed("the cat sat"), parse(lines.get(0)), 1e-6f);
            assertArrayEquals(e.embed("a man is eating food"), parse(lines.get(1)), 1e-6f);
        }
    }

    @Test
    void jsonHasTextAndEmbedding() {
        CommandRunner r = run("", "embed", "--model", model, "--json", "Café \"quoted\"");
        assertEquals(0, r.exitCode(), r.err());
        Map<String, Object> o = Json.parseObject(r.out().strip());
        assertEquals("Café \"quoted\"", o.get("text"));
        assertEquals(16, Json.getList(o, "embedding").size());
    }

    @Test
    void jsonLinesInOrder() {
        String input = "{\"text\": \"the cat sat on the mat\"}\n\n{\"text\": \"how do i reset my password?\", \"id\": 7}\n"
                + "{\"text\": \"rain\"}\n";
        CommandRunner r = run(input, "embed", "--model", model, "--jsonl", "--batch-size", "2");
        assertEquals(0, r.exitCode(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        CommandRunner single = run("", "embed", "--model", model, "--json", "how do i reset my password?");
        assertEquals(Json.getList(Json.parseObject(single.out().strip()), "embedding"),
                Json.getList(Json.parseObject(lines.get(1)), "embedding"));
        assertEquals(Map.of("embedding", Json.getList(Json.parseObject(lines.get(2)), "embedding")),
                Json.parseObject(lines.get(2)));
    }

    @Test
    void badJsonLineNamesTheLine() {
        CommandRunner r = run("{\"text\": \"rain\"}\n{\"txt\": \"sun\"}\n", "embed", "--model", model, "--jsonl");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("standard input line 2: expected a JSON object with a string \"text\" field"), r.err());
    }

    @Test
    void usageMistakes() {
        assertEquals(2, run("", "embed", "--model", model).exitCode());
        assertEquals(2, run("", "embed", "--model", model, "--jsonl", "text").exitCode());
    }

    @Test
    void missingDefaultModelSaysHowToGetIt() {
        CommandRunner r = run("", "embed", "hello");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("mvn dependency:get"), r.err());
    }

    @Test
    void similarityRanksTheQueryItselfFirst() {
        String lines = "the weather today\n\nhow do i reset my password?\na man is eating food\n";
        CommandRunner r = run(lines, "similarity", "--model", model, "--query", "how do i reset my password?",
                "--json", "-");
        assertEquals(0, r.exitCode(), r.err());
        List<String> rows = r.out().lines().toList();
        assertEquals(3, rows.size());
        Map<String, Object> best = Json.parseObject(rows.get(0));
        assertEquals(1L, best.get("rank"));
        assertEquals(3L, best.get("line"));
        assertEquals("how do i reset my password?", best.get("text"));
        assertEquals(1.0, Json.getDouble(best, "score"), 1e-5);
        assertTrue(Json.getDouble(Json.parseObject(rows.get(1)), "score") <= Json.getDouble(best, "score"));
    }

    @Test
    void similarityTopLimitsTheRows() {
        CommandRunner r = run("a\nb\nc\n", "similarity", "--model", model, "--query", "cat", "--top", "2", "-");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals(2, r.out().lines().count());
    }
}
