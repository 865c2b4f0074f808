package dev.gatun.bench;

import dev.gatun.models.swin.SwinConfig;
import dev.gatun.models.swin.SwinForImageClassification;
import dev.gatun.models.vit.ViTConfig;
import dev.gatun.models.vit.ViTForImageClassification;
import dev.gatun.models.vit.ViTInference;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.io.Json;
import dev.gatun.tensor.kernels.Parallel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Forward latency of the standard vision models at 224 x 224 with random weights and an ImageNet-1k
 * head, the workloads of docs/PERFORMANCE-vision.md: {@code vit-base} (ViT-B/16), {@code vit-small}
 * (ViT-S/16) and {@code swin-tiny} (Swin-T), each at the given batch sizes and thread counts.
 *
 * <p>Each figure is the median wall-clock time of repeated forwards after a warm-up, with the median
 * process CPU time per forward (all threads counted), which other load on the machine disturbs less.
 *
 * <p>Usage: {@code VisionBench [--models vit-base,vit-small,swin-tiny] [--batches 1,8] [--threads 1,2]
 * [--seconds S] [--path fast|modules] [--backend NAME] [--json]}. {@code --path modules} times the
 * composed modules' {@code forward} under no-grad (the reference path); the default {@code fast} times
 * the inference path ({@link ViTInference} for ViT). {@code --backend} forces the kernel backend
 * ({@code java}, or {@code native} with {@code kernels-native} on the class path).
 * {@code tests/baselines/compare-vision.sh} runs it beside PyTorch.
 */
public final class VisionBench {
    private VisionBench() {
    }

    public static void main(String[] args) {
        List<String> models = List.of("vit-base", "vit-small", "swin-tiny");
        int[] batches = {1, 8};
        int[] threads = {1, 2};
        double seconds = 5;
        boolean json = false;
        boolean fast = true;
        String backend = "auto";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--models" -> models = List.of(args[++i].split(","));
                case "--batches" -> batches = ints(args[++i]);
                case "--threads" -> threads = ints(args[++i]);
                case "--seconds" -> seconds = Double.parseDouble(args[++i]);
                case "--json" -> json = true;
                case "--path" -> fast = switch (args[++i]) {
                    case "fast" -> true;
                    case "modules" -> false;
                    default -> throw new IllegalArgumentException("--path is fast or modules, got " + args[i]);
                };
                case "--backend" -> {
                    backend = args[++i];
                    Backends.use(backend);
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        for (String name : models) {
            Function<Tensor, Tensor> forward = model(name, fast);
            for (int t : threads) {
                Parallel.setThreads(t);
                for (int b : batches) {
                    Tensor pixels = Tensor.randn(new SplittableRandom(1), DType.F32, b, 3, 224, 224); // (B, 3, H, W)
                    double[] ms = measure(forward, pixels, seconds);
                    report(name, fast ? "fast" : "modules", backend, b, t, ms, json);
                }
            }
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    /** The named model as a function from pixels (B, 3, 224, 224) to logits (B, 1000). */
    static Function<Tensor, Tensor> model(String name, boolean fast) {
        SplittableRandom rng = new SplittableRandom(0);
        return switch (name) {
            case "vit-base" -> vit(ViTConfig.of(224, 16, 768, 12, 12, 3072, 1000), rng, fast);
            case "vit-small" -> vit(ViTConfig.of(224, 16, 384, 12, 6, 1536, 1000), rng, fast);
            case "swin-tiny" -> {
                SwinForImageClassification swin = new SwinForImageClassification(SwinConfig.of(false, 224, 4, 96,
                        List.of(2, 2, 6, 2), List.of(3, 6, 12, 24), 7, 1000), rng);
                swin.eval();
                yield x -> swin.forward(x).logits();
            }
            default -> throw new IllegalArgumentException("unknown model " + name
                    + "; expected vit-base, vit-small or swin-tiny");
        };
    }

    private static Function<Tensor, Tensor> vit(ViTConfig config, SplittableRandom rng, boolean fast) {
        ViTForImageClassification vit = new ViTForImageClassification(config, rng);
        vit.eval();
        if (fast) {
            ViTInference inference = ViTInference.of(vit);
            return inference::logits;
        }
        return x -> vit.forward(x).logits();
    }

    /**
     * Forwards for a third of the budget untimed, then timed until the budget is spent (at least five).
     *
     * @return median wall-clock ms and median process CPU ms per forward
     */
    static double[] measure(Function<Tensor, Tensor> forward, Tensor pixels, double seconds) {
        long budget = (long) (seconds * 1e9);
        long warmEnd = System.nanoTime() + budget / 3;
        do {
            call(forward, pixels);
        } while (System.nanoTime() < warmEnd);
        List<Double> wall = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        long end = System.nanoTime() + budget;
        while (wall.size() < 5 || System.nanoTime() < end) {
            long c0 = MiniLmBench.processCpuNanos();
            long t0 = System.nanoTime();
            call(forward, pixels);
            wall.add((System.nanoTime() - t0) / 1e6);
            cpu.add((MiniLmBench.processCpuNanos() - c0) / 1e6);
        }
        return new double[] {median(wall), median(cpu), wall.size(), Collections.min(wall)};
    }

    private static void call(Function<Tensor, Tensor> forward, Tensor pixels) {
        try (Scope s = Scope.open(); Autograd.NoGrad ng = Autograd.noGrad()) {
            forward.apply(pixels);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void report(String model, String path, String backend, int batch, int threads, double[] ms,
                               boolean json) {
        if (json) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("engine", "gatun");
            row.put("path", path);
            row.put("backend", backend);
            row.put("model", model);
            row.put("batch", batch);
            row.put("threads", threads);
            row.put("ms", ms[0]);
            row.put("cpu_ms", ms[1]);
            row.put("best_ms", ms[3]);
            row.put("calls", (long) ms[2]);
            System.out.println(Json.write(row));
        } else {
            System.out.printf("gatun %-10s batch=%-2d threads=%d  median %8.1f ms  best %8.1f ms  cpu %8.1f ms"
                            + "  (%s path, %s backend, %d calls)%n",
                    model, batch, threads, ms[0], ms[3], ms[1], path, backend, (long) ms[2]);
        }
    }
}
