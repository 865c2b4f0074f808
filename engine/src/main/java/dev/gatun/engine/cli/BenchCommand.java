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
 */
final class BenchCommand implements Command {
    private final Options options = new Options();
    private final Positional<String> what = options.positional("WHAT", ValueType.oneOf("matmul"), "what to measure");
    private final Option<Integer> size = options.option("size", ValueType.intAtLeast(1),
            "measure an N×N×N product (used when no --shape is given)", 1024);
    private final Option<String> shapes = options.repeated("shape", ValueType.STRING,
            "a shape MxNxK[:bf16|:f16][:nt] (:nt = B is an N×K weight used transposed, as in a Linear layer)");
    private final Option<Double> seconds = options.option("seconds", ValueType.positiveDouble(),
            "measuring time per shape after warm-up", 3.0);
    private final Option<String> backend = options.option("backend", ValueType.STRING,
            "the backend to time: java, native, ... or all (every installed backend)", "all");
    private final Option<Boolean> json = options.flag("json", "print one JSON object per shape and backend");

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "Measure kernel throughput (bench matmul: GFLOP/s of the matrix product)";
    }

    @Override
    public String description() {
        return "Threads come from the global --threads option (default: all processors). Each figure is the "
                + "median of repeated calls after a warm-up.";
    }

    @Override
    public Options options() {
        return options;
    }

    @Override
    public int run(Args args, Io io) {
        args.get(what);
        List<String> list = new ArrayList<>(args.getAll(shapes));
        if (list.isEmpty()) {
            int n = args.get(size);
            list.add(n + "x" + n + "x" + n);
        }
        for (String shape : list) {
            GemmBenchmark.Shape.parse(shape); // reject a bad shape before spending time on the others
        }
        String choice = args.get(backend);
        List<Backend> backends = choice.equals("all") ? Backends.installed() : List.of(Backends.named(choice));
        int threads = Parallel.threads();
        Duration time = Duration.ofMillis((long) (args.get(seconds) * 1000));
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
}
