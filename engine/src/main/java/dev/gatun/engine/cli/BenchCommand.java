package dev.gatun.engine.cli;

import dev.gatun.tensor.Scope;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.GemmTiming;
import dev.gatun.tensor.kernels.GemmBenchmark;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code gatun bench matmul}: times the matrix-multiplication kernels of every installed backend (or the one
 * named by {@code --backend}) on square or named shapes and prints GFLOP/s (and GB/s of weights for
 * matrix–vector shapes), one line per shape and backend, so Java and native figures come from the same run.
 * Comparisons with OpenBLAS live in {@code tests/baselines/compare-matmul.sh}, which runs both in one go.
 *
 * <p>{@code gatun bench model} times the forward pass of a vision model instead ({@link ModelBench}).
 */
final class BenchCommand implements Command {
    private final Options options = new Options();
    private final Positional<String> what = options.positional("WHAT", ValueType.oneOf("matmul", "model"),
            "what to measure: matmul (kernel throughput) or model (forward latency of a vision model)");
    private final Option<Integer> size = options.option("size", ValueType.intAtLeast(1),
            "measure an N×N×N product (used when no --shape is given)", 1024);
    private final Option<String> shapes = options.repeated("shape", ValueType.STRING,
            "a shape MxNxK[:bf16|:f16][:nt] (:nt = B is an N×K weight used transposed, as in a Linear layer)");
    private final Option<String> model = options.option("model", ValueType.STRING,
            "bench model: a model folder, or a standard architecture with random weights: "
                    + String.join(", ", ModelBench.STANDARD.keySet()), "vit-base");
    private final Option<Integer> batch = options.option("batch", ValueType.intAtLeast(1),
            "bench model: images per forward", 1);
    private final Option<Integer> imageSize = options.option("image-size", ValueType.intAtLeast(1),
            "bench model: image side in pixels (default: the config's image_size, 224 for the standard ones)");
    private final Option<Double> seconds = options.option("seconds", ValueType.positiveDouble(),
            "measuring time per shape or model after warm-up", 3.0);
    private final Option<String> backend = options.option("backend", ValueType.STRING,
            "the backend to time: java, native, ... or all (every installed backend)", "all");
    private final Option<Boolean> json = options.flag("json", "print one JSON object per shape (or model) and backend");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Measure speed: bench matmul (GFLOP/s of the matrix product), bench model (forward latency)";
    }

    @Override
    public String description() {
        return """
                Threads come from the global --threads option (default: all processors). Each figure is the \
                median of repeated calls after a warm-up.

                bench model runs a vision model on random pixel_values (B, 3, S, S) and prints milliseconds \
                per forward and images per second. --model names a model folder or a standard architecture \
                built with random weights: vit-base (ViT-B/16: width 768, 12 layers, 12 heads, MLP 3072), \
                vit-small (ViT-S/16: 384, 12, 6, 1536) or swin-tiny (Swin-T: embedding 96, depths 2, 2, 6, 2, \
                heads 3, 6, 12, 24, window 7), all at 224x224 with 1000 classes.""";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        String choice = args.get(backend);
        List<Backend> backends = choice.equals("all") ? Backends.installed() : List.of(Backends.named(choice));
        Duration time = Duration.ofMillis((long) (args.get(seconds) * 1000));
        if (args.get(what).equals("model")) {
            rejectGiven(args, "model", size, shapes);
            String name = args.get(model);
            var auto = ModelBench.open(name, args.find(imageSize).orElse(null));
            for (ModelBench.Result r : ModelBench.run(name, auto, args.get(batch), args.find(imageSize).orElse(null),
                    time, backends)) {
                if (args.get(json)) {
                    io.printJson(r.toJson());
                } else {
                    io.out().println(r.toText());
                }
            }
            return Main.OK;
        }
        rejectGiven(args, "matmul", model, batch, imageSize);
        List<String> list = new ArrayList<>(args.getAll(shapes));
        if (list.isEmpty()) {
            int n = args.get(size);
            list.add(n + "x" + n + "x" + n);
        }
        for (String shape : list) {
            GemmBenchmark.Shape.parse(shape); // reject a bad shape before spending time on the others
        }
        int threads = Parallel.threads();
        for (String text : list) {
            GemmBenchmark.Shape shape = GemmBenchmark.Shape.parse(text);
            for (Backend b : backends) {
                try (Scope scope = Scope.open()) {
                    GemmSpec spec = GemmTiming.randomSpec(shape.m(), shape.n(), shape.k(), shape.bType(),
                            shape.transposedB(), 1);
                    if (!b.supportsGemm(spec)) {
                        io.err().println("bench: the " + b.name() + " backend has no kernel for " + text + "; skipped");
                        continue;
                    }
                    // A third of the budget untimed, so the JIT and the caches have settled before timing.
                    GemmTiming.time(b, spec, threads, time.dividedBy(3), 1);
                    GemmTiming.Result r = GemmTiming.time(b, spec, threads, time, 5);
                    io.out().println(args.get(json) ? r.toJson() : r.toText());
                }
            }
        }
        return Main.OK;
    }

    /** A usage error if an option that belongs to the other benchmark was given. */
    private static void rejectGiven(Args args, String benchmark, Option<?>... others) {
        for (Option<?> o : others) {
            if (args.has(o)) {
                throw new UsageException("option --" + o.name() + " does not apply to bench " + benchmark);
            }
        }
    }
}
