import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.GemmTiming;
import dev.gatun.tensor.kernels.GemmSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The matrix-product comparison behind compare-matmul.sh: for each shape and thread count, times the
 * pure-Java backend, the native backend (both through GemmTiming) and OpenBLAS (the openblas_sgemm
 * baseline program, run as a child process with OPENBLAS_NUM_THREADS), one after the other in the same
 * run, and prints GFLOP/s side by side with native / OpenBLAS. On a shared machine the native and OpenBLAS
 * measurements are repeated for several rounds, alternating which goes first; the median round is
 * reported, and beside it the ratio of the best rounds (the least disturbed, closest to a quiet machine).
 * The (slow) Java backend is timed once.
 *
 *   java ... CompareMatmul.java --baseline PATH [--threads 1,2] [--budget-ms 1000] [--rounds 3] [--no-java]
 *                               [--shapes 1024x1024x1024:nn,197x768x768:nt,...]
 */
public class CompareMatmul {
    record Shape(int m, int n, int k, boolean nt) {
        static Shape parse(String s) {
            String[] parts = s.split(":");
            String[] dims = parts[0].split("x");
            return new Shape(Integer.parseInt(dims[0]), Integer.parseInt(dims[1]), Integer.parseInt(dims[2]),
                    parts.length > 1 && parts[1].equals("nt"));
        }

        @Override
        public String toString() {
            return m + "x" + n + "x" + k;
        }
    }

    public static void main(String[] args) throws Exception {
        String baseline = null;
        List<Integer> threads = List.of(1, 2);
        long budgetMs = 1000;
        int rounds = 3;
        boolean java = true;
        String shapes = "1024x1024x1024:nn,197x768x768:nt,197x3072x768:nt,1x4096x4096:nt,1x4096x4096:nn";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--baseline" -> baseline = args[++i];
                case "--threads" -> threads = List.of(args[++i].split(",")).stream().map(Integer::parseInt).toList();
                case "--budget-ms" -> budgetMs = Long.parseLong(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--no-java" -> java = false;
                case "--shapes" -> shapes = args[++i];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Backend javaBackend = Backends.java();
        Backend nativeBackend = Backends.installed().stream().filter(b -> b.name().equals("native")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no native backend on the class path"));
        Duration budget = Duration.ofMillis(budgetMs);
        System.out.printf(Locale.ROOT, "%-16s %-6s %-7s %10s %10s %10s %9s %10s%n", "M x N x K", "layout", "threads",
                "java", "native", "openblas", "nat/oblas", "best/best");
        for (String s : shapes.split(",")) {
            Shape shape = Shape.parse(s);
            try (Scope scope = Scope.open()) {
                GemmSpec spec = GemmTiming.randomSpec(shape.m, shape.n, shape.k, DType.F32, shape.nt, 1);
                if (!nativeBackend.supportsGemm(spec)) {
                    throw new IllegalStateException("native backend unavailable or declines " + shape);
                }
                for (int t : threads) {
                    double j = java ? GemmTiming.time(javaBackend, spec, t, budget, 1).gflops() : Double.NaN;
                    double[] n = new double[rounds];
                    double[] o = new double[rounds];
                    for (int r = 0; r < rounds; r++) {
                        if (r % 2 == 1 && baseline != null) {
                            o[r] = openblas(baseline, shape, t, budgetMs);
                        }
                        n[r] = GemmTiming.time(nativeBackend, spec, t, budget, 5).gflops();
                        if (r % 2 == 0) {
                            o[r] = baseline == null ? Double.NaN : openblas(baseline, shape, t, budgetMs);
                        }
                    }
                    printRow(shape, t, j, median(n), median(o), max(n) / max(o));
                }
            }
        }
        System.out.println("GFLOP/s: median call of each round, median of " + rounds + " rounds; best/best: ratio of"
                + " the best rounds. x·Wᵀ is B = Wᵀ for a row-major (N, K) weight.");
    }

    private static void printRow(Shape shape, int threads, double java, double nat, double oblas, double best) {
        System.out.printf(Locale.ROOT, "%-16s %-6s %-7d %10.2f %10.2f %10.2f %8.0f%% %9.0f%%%n", shape,
                shape.nt ? "x·Wᵀ" : "A·B", threads, java, nat, oblas, 100 * nat / oblas, 100 * best);
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElse(Double.NaN);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    private static double openblas(String program, Shape s, int threads, long budgetMs)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(program, String.valueOf(s.m), String.valueOf(s.n), String.valueOf(s.k),
                s.nt ? "nt" : "nn", String.valueOf(budgetMs));
        pb.environment().put("OPENBLAS_NUM_THREADS", String.valueOf(threads));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("baseline failed: " + out);
        }
        return Double.parseDouble(out.split("\\s+")[0]);
    }
}
