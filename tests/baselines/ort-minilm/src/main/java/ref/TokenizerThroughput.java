package ref;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonParser;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Single-thread encode throughput of the Hugging Face tokenizers library (its Rust code, reached through
 * DJL's JNI binding) over a JSON-lines corpus, measured the way Gatun's EncodeThroughput measures Gatun:
 * "cold cache" = one pass with a freshly loaded tokenizer, "warm" = the best of five one-second blocks of
 * repeated passes; time is the calling thread's CPU time. Special tokens are added, no truncation or
 * padding. The JNI crossing per call is part of the figure, as it is for any JVM user of the library;
 * it dominates on the short strings of the corpus, so a second workload encodes "documents": the corpus
 * lines joined by newlines, 50 lines per document, where the crossing is amortised.
 *
 * Usage: TokenizerThroughput CORPUS.jsonl TOKENIZER.json...
 */
public class TokenizerThroughput {
    public static void main(String[] args) throws Exception {
        List<String> corpus = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                corpus.add(JsonParser.parseString(line).getAsJsonObject().get("text").getAsString());
            }
        }
        List<String> documents = documents(corpus);
        for (int f = 1; f < args.length; f++) {
            measure(Path.of(args[f]), "strings", corpus);
            measure(Path.of(args[f]), "documents", documents);
        }
    }

    /** The corpus as newline-joined documents of 50 lines each. */
    static List<String> documents(List<String> corpus) {
        List<String> documents = new ArrayList<>();
        for (int i = 0; i < corpus.size(); i += 50) {
            documents.add(String.join("\n", corpus.subList(i, Math.min(corpus.size(), i + 50))));
        }
        return documents;
    }

    private static void measure(Path file, String workload, List<String> corpus) throws Exception {
        long bytes = 0;
        for (String s : corpus) {
            bytes += s.getBytes(StandardCharsets.UTF_8).length;
        }
        double mb = bytes / 1e6;
        try (HuggingFaceTokenizer warm = load(file)) {
            for (int i = 0; i < 50; i++) {
                pass(warm, corpus);
            }
            double cold = Double.MAX_VALUE;
            for (int i = 0; i < 5; i++) {
                try (HuggingFaceTokenizer fresh = load(file)) {
                    long t0 = cpuNanos();
                    pass(fresh, corpus);
                    cold = Math.min(cold, (cpuNanos() - t0) / 1e9);
                }
            }
            double best = 0;
            for (int block = 0; block < 5; block++) {
                int passes = 0;
                long t0 = cpuNanos();
                double elapsed;
                do {
                    pass(warm, corpus);
                    passes++;
                    elapsed = (cpuNanos() - t0) / 1e9;
                } while (elapsed < 1.0);
                best = Math.max(best, mb * passes / elapsed);
            }
            String name = file.getFileName().toString().replace(".tokenizer.json", "");
            System.out.printf("hf-tokenizers %-20s %-9s cold cache %6.2f MB/s   warm %6.2f MB/s%n", name, workload,
                    mb / cold, best);
        }
    }

    private static HuggingFaceTokenizer load(Path file) throws Exception {
        return HuggingFaceTokenizer.newInstance(file, Map.of("padding", "false", "truncation", "false",
                "addSpecialTokens", "true"));
    }

    private static long pass(HuggingFaceTokenizer tokenizer, List<String> corpus) {
        long n = 0;
        for (String s : corpus) {
            n += tokenizer.encode(s).getIds().length;
        }
        return n;
    }

    private static long cpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
