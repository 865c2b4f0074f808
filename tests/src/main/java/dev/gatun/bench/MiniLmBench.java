package dev.gatun.bench;

import dev.gatun.engine.embed.SentenceEmbedder;
import dev.gatun.models.sentence.SentenceEncoder;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tokenizers.Tokenizer;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.kernels.Parallel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Sentence-embedding throughput of all-MiniLM-L6-v2 in Gatun, text in and normalised vectors out
 * (tokenization included), for the workloads of docs/PERFORMANCE-minilm.md:
 * <ul>
 *   <li>{@code single}: one short sentence per call (batch of 1);</li>
 *   <li>{@code batch32}: 32 short sentences per call, padded to the longest;</li>
 *   <li>{@code batch100}: 100 sentences of mixed length per call (the long one has 66 tokens), padded to
 *       the longest.</li>
 * </ul>
 * Each workload runs on 1 and 2 kernel threads: a warm-up, then timed rounds of at least
 * {@code --seconds}; the best and median round are reported in sentences per second, with the process
 * CPU time per sentence of the best round (all threads counted), which other load on the machine
 * disturbs far less than wall-clock time.
 *
 * <p>Usage: {@code MiniLmBench MODEL_DIR SENTENCES.jsonl [--seconds S] [--rounds R] [--threads 1,2]
 * [--path fused|padded|composed] [--backend NAME] [--workloads single,batch32,batch100] [--json]}, where
 * SENTENCES.jsonl has a {@code text} field per line (the reference file of the parity test). The default,
 * {@code fused}, is {@link SentenceEmbedder#embedBatch}: the fused inference path with the sentences of a
 * batch end to end, no padding. {@code --path padded} times the same fused path on the batch padded to
 * its longest sentence ({@link SentenceEncoder#encode}), the work ONNX Runtime does; {@code --path composed}
 * the reference path: the composed {@link dev.gatun.models.bert.BertModel} through
 * {@link SentenceEncoder#forward}, padded too.
 * {@code --backend} forces the kernel backend ({@code java}, or {@code native} with
 * {@code kernels-native} on the class path); by default the first installed one is used.
 * {@code tests/baselines/compare-minilm.sh} runs it beside ONNX Runtime.
 */
public final class MiniLmBench {
    private MiniLmBench() {
    }

    /** One workload: a name and the texts of one call. */
    record Workload(String name, List<String> texts) {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(args[0]);
        List<String> all = texts(Path.of(args[1]));
        double seconds = 2;
        int rounds = 5;
        int[] threads = {1, 2};
        boolean json = false;
        String path = "fused";
        List<String> only = null;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--json" -> json = true;
                case "--workloads" -> only = List.of(args[++i].split(","));
                case "--path" -> {
                    path = args[++i];
                    if (!List.of("fused", "padded", "composed").contains(path)) {
                        throw new IllegalArgumentException("--path must be fused, padded or composed, got " + path);
                    }
                }
                case "--backend" -> dev.gatun.tensor.backend.Backends.use(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        List<String> selected = only;
        List<Workload> workloads = workloads(all).stream()
                .filter(w -> selected == null || selected.contains(w.name())).toList();
        try (SentenceEmbedder embedder = SentenceEmbedder.load(model, 128)) {
            Function<List<String>, Integer> call = path.equals("fused") ? texts -> embedder.embedBatch(texts).size()
                    : paddedPath(embedder, model, path.equals("composed"));
            for (int t : threads) {
                Parallel.setThreads(t);
                for (Workload w : workloads) {
                    report(path.equals("fused") ? "gatun" : "gatun-" + path, w, t, measure(call, w, seconds, rounds), json);
                }
            }
        }
    }

    static List<String> texts(Path jsonl) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            if (!line.isBlank()) {
                out.add(Json.getString(Json.parseObject(line), "text"));
            }
        }
        return out;
    }

    /** The three workloads from the reference sentences: short ones are those under 100 characters. */
    static List<Workload> workloads(List<String> all) {
        List<String> shortOnes = all.stream().filter(s -> s.length() < 100).toList();
        return List.of(
                new Workload("single", List.of(shortOnes.getFirst())),
                new Workload("batch32", cycle(shortOnes, 32)),
                new Workload("batch100", cycle(all, 100)));
    }

    private static List<String> cycle(List<String> from, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(from.get(i % from.size()));
        }
        return out;
    }

    /**
     * One timed round: sentences per second of wall-clock time, CPU milliseconds per sentence of the
     * process, and of the calling thread alone (on one kernel thread, the model's work without the JIT
     * compiler's and the garbage collector's).
     */
    record Round(double sentencesPerSecond, double cpuMillisPerSentence, double threadCpuMillisPerSentence) {
    }

    /**
     * The same tokenization, the batch padded to its longest sentence, then {@link SentenceEncoder#encode}
     * (the fused path) or, with {@code composed}, {@link SentenceEncoder#forward} (the composed BertModel,
     * pooling and normalisation), without autograd.
     */
    private static Function<List<String>, Integer> paddedPath(SentenceEmbedder embedder, Path model, boolean composed) {
        Tokenizer tokenizer = Tokenizer.fromFile(model.resolve("tokenizer.json")).withPadding(null).withTruncation(null);
        SentenceEncoder encoder = embedder.encoder();
        return texts -> {
            int b = texts.size();
            List<int[]> ids = texts.stream().map(x -> tokenizer.encode(x, true).ids()).toList();
            int t = ids.stream().mapToInt(x -> x.length).max().orElse(0);
            long[] flat = new long[b * t];
            long[] mask = new long[b * t];
            for (int i = 0; i < b; i++) {
                for (int j = 0; j < ids.get(i).length; j++) {
                    flat[i * t + j] = ids.get(i)[j];
                    mask[i * t + j] = 1;
                }
            }
            try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
                Tensor idTensor = Tensor.of(flat, b, t);
                Tensor attention = Tensor.of(mask, b, t);
                return (composed ? encoder.forward(idTensor, attention, null) : encoder.encode(idTensor, attention, null)).size(0);
            }
        };
    }

    /** The timed rounds, after a warm-up as long as one round. */
    static Round[] measure(Function<List<String>, Integer> call, Workload w, double seconds, int rounds) {
        long budget = (long) (seconds * 1e9);
        run(call, w, budget);
        Round[] out = new Round[rounds];
        for (int r = 0; r < rounds; r++) {
            out[r] = run(call, w, budget);
        }
        return out;
    }

    private static Round run(Function<List<String>, Integer> call, Workload w, long budgetNanos) {
        long cpu = processCpuNanos();
        long threadCpu = THREADS.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long sentences = 0;
        long elapsed;
        do {
            sentences += call.apply(w.texts());
            elapsed = System.nanoTime() - start;
        } while (elapsed < budgetNanos);
        return new Round(sentences / (elapsed / 1e9), (processCpuNanos() - cpu) / 1e6 / sentences,
                (THREADS.getCurrentThreadCpuTime() - threadCpu) / 1e6 / sentences);
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String engine, Workload w, int threads, Round[] rounds, boolean json) {
        Round[] sorted = rounds.clone();
        Arrays.sort(sorted, java.util.Comparator.comparingDouble(Round::sentencesPerSecond));
        double best = sorted[sorted.length - 1].sentencesPerSecond();
        double median = sorted[sorted.length / 2].sentencesPerSecond();
        double cpu = Arrays.stream(rounds).mapToDouble(Round::cpuMillisPerSentence).min().orElse(0);
        double threadCpu = Arrays.stream(rounds).mapToDouble(Round::threadCpuMillisPerSentence).min().orElse(0);
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("engine", engine);
            row.put("workload", w.name());
            row.put("batch", w.texts().size());
            row.put("threads", threads);
            row.put("best_sentences_per_s", best);
            row.put("median_sentences_per_s", median);
            row.put("cpu_ms_per_sentence", cpu);
            row.put("thread_cpu_ms_per_sentence", threadCpu);
            System.out.println(Json.write(row));
        } else {
            System.out.printf("%-6s %-9s batch %3d  threads %d  best %8.1f  median %8.1f sentences/s  cpu %6.2f ms/sentence  thread %6.2f%n",
                    engine, w.name(), w.texts().size(), threads, best, median, cpu, threadCpu);
        }
    }
}
