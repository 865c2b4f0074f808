package dev.gatun.engine.embed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.GatunException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentenceEmbedderTest {
    private static final List<String> TEXTS = List.of("The cat sat on the mat.", "A man is eating food.",
            "How do I reset my password?", "dogs", "The weather today: rain, rain, rain and sun.", "I forgot my login.");

    @TempDir
    static Path dir;
    static SentenceEmbedder embedder;

    @BeforeAll
    static void load() throws Exception {
        embedder = SentenceEmbedder.load(TinyEmbeddingModel.write(dir.resolve("tiny")), 4);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    @Test
    void vectorsHaveUnitLength() {
        float[] v = embedder.embed("The cat sat on the mat.");
        assertEquals(16, v.length);
        assertEquals(1.0, SentenceEmbedder.cosine(v, v), 1e-6);
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        assertEquals(1.0, norm, 1e-5);
    }

    @Test
    void batchingAndPaddingDoNotChangeVectors() {
        List<float[]> batched = embedder.embed(TEXTS);
        List<float[]> oneBatch = embedder.embedBatch(TEXTS);
        for (int i = 0; i < TEXTS.size(); i++) {
            float[] alone = embedder.embed(TEXTS.get(i));
            assertArrayEquals(alone, batched.get(i), 1e-5f, TEXTS.get(i));
            assertArrayEquals(alone, oneBatch.get(i), 1e-5f, TEXTS.get(i));
        }
    }

    @Test
    void tokenizerFilePaddingAndTruncationAreReplaced() {
        // tokenizer.json truncates at 5 tokens: texts that differ after the 5th token must still differ.
        float[] a = embedder.embed("the cat sat on the mat");
        float[] b = embedder.embed("the cat sat on the dog");
        double largest = 0;
        for (int i = 0; i < a.length; i++) {
            largest = Math.max(largest, Math.abs(a[i] - b[i]));
        }
        assertTrue(largest > 1e-4, "largest difference " + largest);
        assertEquals(24, embedder.maxSeqLength());
    }

    @Test
    void inputsLongerThanTheModelAreTruncated() {
        String longText = "the cat sat on the mat . ".repeat(20);
        float[] v = embedder.embed(longText);
        float[] prefix = embedder.embed(String.join(" ", java.util.Arrays.copyOf(longText.split(" "), 22)));
        assertArrayEquals(prefix, v, 1e-5f);
    }

    @Test
    void manyThreadsShareOneEmbedder() throws Exception {
        List<float[]> expected = embedder.embed(TEXTS);
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int r = 0; r < 5; r++) {
                for (String t : TEXTS) {
                    futures.add(pool.submit(() -> embedder.embed(t)));
                }
            }
            for (int i = 0; i < futures.size(); i++) {
                assertArrayEquals(expected.get(i % TEXTS.size()), futures.get(i).get(), 1e-5f);
            }
        }
    }

    @Test
    void folderWithoutTokenizerIsReported() throws Exception {
        Path bare = TinyEmbeddingModel.write(dir.resolve("bare"));
        Files.delete(bare.resolve("tokenizer.json"));
        GatunException e = assertThrows(GatunException.class, () -> SentenceEmbedder.load(bare));
        assertTrue(e.getMessage().contains("has no tokenizer.json"), e.getMessage());
        e = assertThrows(GatunException.class, () -> SentenceEmbedder.load(dir.resolve("none")));
        assertTrue(e.getMessage().contains("no such folder"), e.getMessage());
    }
}
