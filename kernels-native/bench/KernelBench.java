import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Quantized;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.Backends;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.backend.QuantMatVecSpec;
import dev.gatun.tensor.backend.RmsNormSpec;
import dev.gatun.tensor.backend.RopeSpec;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.backend.SoftmaxSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Times each fused kernel on the native backend and on the Java backend (its composed reference) at
 * transformer sizes: ViT-B/16 (197 tokens, 768 wide, 12 heads of 64), a 1024-token causal decoder layer,
 * a decoding step against a 2048-token cache, a Mamba-130M-sized scan, and a 4096 x 4096 quantized
 * matrix-vector product. Prints the median of several calls of each.
 *
 *   java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
 *        -cp tensor/target/classes:kernels-native/target/classes kernels-native/bench/KernelBench.java [threads]
 */
public class KernelBench {
    private static Tensor randn(long seed, int... shape) {
        return Tensor.randn(new SplittableRandom(seed), DType.F32, shape);
    }

    private static double median(Backend b, KernelSpec spec, int calls) {
        b.execute(spec);
        double[] t = new double[calls];
        for (int i = 0; i < calls; i++) {
            long t0 = System.nanoTime();
            b.execute(spec);
            t[i] = (System.nanoTime() - t0) * 1e-6;
        }
        java.util.Arrays.sort(t);
        return t[calls / 2];
    }

    private static void row(String name, Supplier<KernelSpec> make, Backend nat, Backend java) {
        try (Scope scope = Scope.open()) {
            KernelSpec spec = make.get();
            double n = median(nat, spec, 15);
            double j = median(java, spec, 3);
            System.out.printf(Locale.ROOT, "%-52s %10.3f %10.3f %8.1fx%n", name, n, j, j / n);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0) {
            Parallel.setThreads(Integer.parseInt(args[0]));
        }
        Backend nat = Backends.installed().get(0);
        Backend java = Backends.java();
        if (!nat.name().equals("native")) {
            throw new IllegalStateException("no native backend");
        }
        System.out.printf(Locale.ROOT, "threads=%d%n%-52s %10s %10s %9s%n", Parallel.threads(), "kernel", "native ms",
                "java ms", "speed-up");
        row("attention ViT-B: q,k,v [1, 12, 197, 64]", () -> {
            Tensor q = randn(1, 1, 12, 197, 64);
            return AttentionSpec.of(q, randn(2, 1, 12, 197, 64), randn(3, 1, 12, 197, 64), AttentionMask.NONE);
        }, nat, java);
        row("attention causal: q,k,v [1, 8, 1024, 64]", () -> {
            Tensor q = randn(1, 1, 8, 1024, 64);
            return AttentionSpec.of(q, randn(2, 1, 8, 1024, 64), randn(3, 1, 8, 1024, 64),
                    AttentionMask.NONE.withCausal(true));
        }, nat, java);
        row("attention decode: q [1, 32, 1, 128], k,v [1, 8, 2048, 128]", () -> {
            Tensor q = randn(1, 1, 32, 1, 128);
            return AttentionSpec.of(q, randn(2, 1, 8, 2048, 128), randn(3, 1, 8, 2048, 128),
                    AttentionMask.NONE.withCausal(true));
        }, nat, java);
        row("softmax [12, 197, 197]", () -> {
            Tensor x = randn(4, 12, 197, 197);
            return new SoftmaxSpec(x, Tensor.zeros(DType.F32, 12, 197, 197));
        }, nat, java);
        row("layer_norm [197, 768]", () -> new LayerNormSpec(randn(5, 197, 768), randn(6, 768), randn(7, 768), 1e-6,
                Tensor.zeros(DType.F32, 197, 768)), nat, java);
        row("rms_norm [1024, 4096]", () -> new RmsNormSpec(randn(8, 1024, 4096), randn(9, 4096), 1e-5,
                Tensor.zeros(DType.F32, 1024, 4096)), nat, java);
        row("gelu [197, 3072]", () -> new ActivationSpec(ActivationSpec.Kind.GELU, randn(10, 197, 3072),
                Tensor.zeros(DType.F32, 197, 3072)), nat, java);
        row("gelu_tanh [197, 3072]", () -> new ActivationSpec(ActivationSpec.Kind.GELU_TANH, randn(10, 197, 3072),
                Tensor.zeros(DType.F32, 197, 3072)), nat, java);
        row("silu [1024, 11008]", () -> new ActivationSpec(ActivationSpec.Kind.SILU, randn(11, 1024, 11008),
                Tensor.zeros(DType.F32, 1024, 11008)), nat, java);
        row("rope [1, 32, 1024, 128]", () -> {
            dev.gatun.tensor.Rope.Tables t = dev.gatun.tensor.Rope.tables(128, 1024, 10000);
            Tensor pos = Tensor.arange(1024);
            return new RopeSpec(randn(12, 1, 32, 1024, 128), t.cos(), t.sin(), pos, Tensor.zeros(DType.F32, 1, 32, 1024, 128));
        }, nat, java);
        row("selective_scan [1, 1536, 256], state 16", () -> {
            int b = 1, c = 1536, l = 256, n = 16;
            Tensor u = randn(13, b, c, l);
            return new SelectiveScanSpec(u, randn(14, b, c, l), randn(15, c, n).abs().neg(), randn(16, b, n, l),
                    randn(17, b, n, l), randn(18, c), randn(19, b, c, l), randn(20, c), true, null,
                    Tensor.zeros(DType.F32, b, c, l), Tensor.zeros(DType.F32, b, c, n));
        }, nat, java);
        for (Quantized.Format f : Quantized.Format.values()) {
            row(f + " matvec x [1, 4096], W [4096, 4096]", () -> new QuantMatVecSpec(
                    Quantized.quantize(f, randn(21, 4096, 4096)), randn(22, 1, 4096), Tensor.zeros(DType.F32, 1, 4096)),
                    nat, java);
        }
    }
}
