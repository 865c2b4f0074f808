package dev.gatun.tokenizers;

import dev.gatun.tensor.io.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Checks every record and field of the golden files (written by the reference library, see
 * {@code resources/tokenizers/README.md}) against Gatun: encodings with and without special tokens,
 * offsets in code points and UTF-16, masks, word ids, the three decodes, the normalizer and
 * pre-tokenizer oracles, the padding/truncation set in the file, and sentence pairs. Every mismatch is
 * reported, not only the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenTokenizerTest {
    private final Map<String, String> summaries = new ConcurrentHashMap<>();

    @ParameterizedTest
    @ValueSource(strings = {"all-minilm-l6-v2", "gpt2", "mistral-7b-v0.1", "llama3", "qwen3", "unigram-bytefallback"})
    void matchesReference(String stem) throws IOException {
        Tokenizer configured = Tokenizer.fromFile(resource(stem + ".tokenizer.json"));
        Tokenizer raw = configured.withTruncation(null).withPadding(null);
        List<String> mismatches = new ArrayList<>();
        int records = 0;
        int recordsOk = 0;
        for (Map<String, Object> r : readJsonl(stem + ".golden.jsonl")) {
            int before = mismatches.size();
            GoldenChecks.single(raw, configured, r, mismatches);
            records++;
            recordsOk += mismatches.size() == before ? 1 : 0;
        }
        int pairs = 0;
        int pairsOk = 0;
        for (Map<String, Object> r : readJsonl(stem + ".pairs.golden.jsonl")) {
            int before = mismatches.size();
            GoldenChecks.pair(raw, r, mismatches);
            pairs++;
            pairsOk += mismatches.size() == before ? 1 : 0;
        }
        summaries.put(stem, recordsOk + "/" + records + " records, " + pairsOk + "/" + pairs + " pairs");
        if (!mismatches.isEmpty()) {
            int shown = Math.min(mismatches.size(), 60);
            fail(stem + ": " + summaries.get(stem) + " match; " + mismatches.size() + " mismatching fields:\n"
                    + String.join("\n", mismatches.subList(0, shown))
                    + (shown < mismatches.size() ? "\n... and " + (mismatches.size() - shown) + " more" : ""));
        }
    }

    /** Small tokenizers covering the remaining components, made by {@code synthetic/make_synthetic.py}. */
    @ParameterizedTest
    @ValueSource(strings = {"synth-wordpiece", "synth-bpe-suffix", "synth-unigram", "synth-wordlevel",
        "synth-bytelevel", "synth-bytefallback"})
    void matchesReferenceOnSyntheticTokenizers(String stem) throws IOException {
        Tokenizer configured = Tokenizer.fromFile(resource("synthetic/" + stem + ".tokenizer.json"));
        Tokenizer raw = configured.withTruncation(null).withPadding(null);
        List<String> mismatches = new ArrayList<>();
        int records = 0;
        int ok = 0;
        for (Map<String, Object> r : readJsonl("synthetic/" + stem + ".golden.jsonl")) {
            int before = mismatches.size();
            GoldenChecks.synthetic(raw, configured, r, mismatches);
            records++;
            ok += mismatches.size() == before ? 1 : 0;
        }
        summaries.put(stem, ok + "/" + records + " records");
        if (!mismatches.isEmpty()) {
            int shown = Math.min(mismatches.size(), 60);
            fail(stem + ": " + summaries.get(stem) + " match; " + mismatches.size() + " mismatching fields:\n"
                    + String.join("\n", mismatches.subList(0, shown)));
        }
    }

    @AfterAll
    void printSummary() {
        summaries.forEach((stem, summary) -> System.out.println("golden " + stem + ": " + summary));
    }

    static Path resource(String name) {
        try {
            return Path.of(GoldenTokenizerTest.class.getResource("/tokenizers/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource tokenizers/" + name, e);
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> readJsonl(String name) throws IOException {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String line : Files.readAllLines(resource(name), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add((Map<String, Object>) Json.parse(line));
            }
        }
        return out;
    }
}
