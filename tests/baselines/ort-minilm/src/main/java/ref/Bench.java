package ref;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.gson.JsonParser;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * ONNX Runtime throughput on the workloads of Gatun's MiniLmBench, text in and normalised vectors out:
 * the same all-minilm-l6-v2.onnx (from the langchain4j jar), tokenized by the Hugging Face tokenizers
 * library (through DJL), one padded batch per call, mean pooling and L2 normalisation in Java.
 * Intra-op threads are set per run, inter-op threads to 1.
 *
 * Usage: Bench SENTENCES.jsonl [--seconds S] [--rounds R] [--threads 1,2]
 */
public class Bench {
    public static void main(String[] args) throws Exception {
        List<String> all = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]), StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                all.add(JsonParser.parseString(line).getAsJsonObject().get("text").getAsString());
            }
        }
        double seconds = 2;
        int rounds = 5;
        int[] threads = {1, 2};
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--threads" -> threads = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        byte[] model;
        try (InputStream in = Bench.class.getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            model = in.readAllBytes();
        }
        HuggingFaceTokenizer tokenizer;
        try (InputStream in = Bench.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
            tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false", "truncation", "false"));
        }
        List<String> shortOnes = all.stream().filter(s -> s.length() < 100).toList();
        Object[][] workloads = {
            {"single", List.of(shortOnes.get(0))},
            {"batch32", cycle(shortOnes, 32)},
            {"batch100", cycle(all, 100)},
        };
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        for (int t : threads) {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(t);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                try (OrtSession session = env.createSession(model, options)) {
                    for (Object[] w : workloads) {
                        @SuppressWarnings("unchecked")
                        List<String> texts = (List<String>) w[1];
                        double[][] r = measure(env, session, tokenizer, texts, seconds, rounds);
                        Arrays.sort(r, Comparator.comparingDouble(x -> x[0]));
                        double cpu = Arrays.stream(r).mapToDouble(x -> x[1]).min().orElse(0);
                        System.out.printf("ort    %-9s batch %3d  threads %d  best %8.1f  median %8.1f sentences/s  cpu %6.2f ms/sentence%n",
                                w[0], texts.size(), t, r[r.length - 1][0], r[r.length / 2][0], cpu);
                    }
                }
            }
        }
    }

    static List<String> cycle(List<String> from, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(from.get(i % from.size()));
        }
        return out;
    }

    /** Rounds of {sentences per second, CPU ms per sentence}, after a warm-up round. */
    static double[][] measure(OrtEnvironment env, OrtSession s, HuggingFaceTokenizer tok, List<String> texts,
                              double seconds, int rounds) throws Exception {
        long budget = (long) (seconds * 1e9);
        round(env, s, tok, texts, budget);
        double[][] out = new double[rounds][];
        for (int r = 0; r < rounds; r++) {
            out[r] = round(env, s, tok, texts, budget);
        }
        return out;
    }

    static double[] round(OrtEnvironment env, OrtSession s, HuggingFaceTokenizer tok, List<String> texts, long budget)
            throws Exception {
        long cpu = cpuNanos();
        long start = System.nanoTime();
        long sentences = 0;
        long elapsed;
        do {
            sentences += embed(env, s, tok, texts).length;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        return new double[] {sentences / (elapsed / 1e9), (cpuNanos() - cpu) / 1e6 / sentences};
    }

    /** One padded batch: ids, mask and types (B, T) in, mean-pooled unit vectors (B, C) out. */
    static float[][] embed(OrtEnvironment env, OrtSession s, HuggingFaceTokenizer tok, List<String> texts)
            throws Exception {
        int b = texts.size();
        Encoding[] enc = new Encoding[b];
        int t = 0;
        for (int i = 0; i < b; i++) {
            enc[i] = tok.encode(texts.get(i), true, false);
            t = Math.max(t, enc[i].getIds().length);
        }
        long[][] ids = new long[b][t];
        long[][] mask = new long[b][t];
        long[][] types = new long[b][t];
        for (int i = 0; i < b; i++) {
            long[] e = enc[i].getIds();
            System.arraycopy(e, 0, ids[i], 0, e.length);
            Arrays.fill(mask[i], 0, e.length, 1);
        }
        try (OnnxTensor a = OnnxTensor.createTensor(env, ids); OnnxTensor m = OnnxTensor.createTensor(env, mask);
             OnnxTensor ty = OnnxTensor.createTensor(env, types);
             OrtSession.Result r = s.run(Map.of("input_ids", a, "attention_mask", m, "token_type_ids", ty))) {
            float[][][] hidden = (float[][][]) r.get(0).getValue();
            float[][] out = new float[b][];
            for (int i = 0; i < b; i++) {
                int n = enc[i].getIds().length;
                float[] v = new float[hidden[i][0].length];
                for (int j = 0; j < n; j++) {
                    for (int c = 0; c < v.length; c++) {
                        v[c] += hidden[i][j][c] / n;
                    }
                }
                double norm = 0;
                for (float x : v) {
                    norm += x * x;
                }
                float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
                for (int c = 0; c < v.length; c++) {
                    v[c] *= inv;
                }
                out[i] = v;
            }
            return out;
        }
    }

    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
