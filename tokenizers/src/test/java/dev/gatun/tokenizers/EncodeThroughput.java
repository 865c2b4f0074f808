package dev.gatun.tokenizers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single-thread encode throughput over the fixture corpus, in MB of UTF-8 text per second. A plain
 * program rather than a timed test, so the build never depends on machine speed:
 *
 * <pre>
 * java -cp tokenizers/target/classes:tokenizers/target/test-classes:tensor/target/classes \
 *     dev.gatun.tokenizers.EncodeThroughput [stem ...]
 * </pre>
 *
 * <p>Two numbers per tokenizer: "cold cache" encodes the corpus once with a freshly loaded tokenizer
 * (JIT already warm, the word caches empty), "warm" repeats passes over the same corpus, where most
 * words come from the caches, as in long real-world runs over similar text. Time is the thread's CPU
 * time, so other processes on the machine do not count against it.
 */
public final class EncodeThroughput {
    private static final int WARMUP_PASSES = 50;
    private static final int BLOCKS = 5;
    private static final double BLOCK_SECONDS = 1.0;

    private EncodeThroughput() {
    }

    public static void main(String[] args) throws IOException {
        List<String> stems = args.length > 0 ? List.of(args) : List.of("gpt2", "all-minilm-l6-v2");
        List<String> corpus = new ArrayList<>();
        for (Map<String, Object> r : GoldenTokenizerTest.readJsonl("corpus.jsonl")) {
            corpus.add((String) r.get("text"));
        }
        long bytes = 0;
        for (String s : corpus) {
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }
        System.out.printf("corpus: %d strings, %.1f KB%n", corpus.size(), bytes / 1024.0);
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i += 50) {
            documents.add(String.join("\n", corpus.subList(i, Math.min(corpus.size(), i + 50))));
        }
        for (String stem : stems) {
            measure(stem, "strings", corpus);
            measure(stem, "documents", documents);
        }
    }

    /** Workload "strings" is the corpus line by line; "documents" joins 50 lines per call with newlines. */
    private static void measure(String stem, String workload, List<String> corpus) {
        long bytes = 0;
        for (String s : corpus) {
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }
        Path file = GoldenTokenizerTest.resource(stem + ".tokenizer.json");
        Tokenizer warmup = load(file);
        for (int i = 0; i < WARMUP_PASSES; i++) {
            pass(warmup, corpus);
        }
        double coldSeconds = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            Tokenizer fresh = load(file);
            long t0 = cpuNanos();
            pass(fresh, corpus);
            coldSeconds = Math.min(coldSeconds, (cpuNanos() - t0) / 1e9);
        }
        double mb = bytes / 1e6;
        double best = 0;
        for (int block = 0; block < BLOCKS; block++) {
            int passes = 0;
            long t0 = cpuNanos();
            double elapsed;
            do {
                pass(warmup, corpus);
                passes++;
                elapsed = (cpuNanos() - t0) / 1e9;
            } while (elapsed < BLOCK_SECONDS);
            best = Math.max(best, mb * passes / elapsed);
        }
        System.out.printf("%-20s %-9s cold cache %6.2f MB/s   warm %6.2f MB/s%n", stem, workload, mb / coldSeconds, best);
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static Tokenizer load(Path file) {
        return Tokenizer.fromFile(file).withTruncation(null).withPadding(null);
    }

    private static long pass(Tokenizer tokenizer, List<String> corpus) {
        long n = 0;
        for (String s : corpus) {
            n += tokenizer.encode(s, true).length();
        }
        return n;
    }
}
