package dev.gatun.kernels.cuda;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Timings of the CUDA matrix product and attention on device tensors, one JSON object per line, for
 * kernels-native/bench/cuda-vs-torch.py to set beside torch.matmul and scaled_dot_product_attention on the
 * same GPU. Run on a GPU machine (after {@code mvn -o -pl kernels-native -am test-compile}):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp tensor/target/classes:kernels-native/target/classes:kernels-native/target/test-classes \
 *     dev.gatun.kernels.cuda.CudaBench [--quick]
 * </pre>
 */
public final class CudaBench {
    private CudaBench() {
    }

    public static void main(String[] args) {
        if (!CudaRuntime.isAvailable()) {
            System.err.println(CudaRuntime.unavailableReason());
            System.exit(2);
        }
        boolean quick = args.length > 0 && args[0].equals("--quick");
        System.out.println("{\"device\": \"" + CudaRuntime.describe().replace("\"", "'") + "\"}");
        int[] sizes = quick ? new int[] {1024} : new int[] {512, 1024, 2048, 4096};
        String[] types = {"f32", "tf32", "bf16", "f16"};
        for (int s : sizes) {
            for (String type : types) {
                matmul(type, s, s, s);
            }
        }
        int[] lengths = quick ? new int[] {1024} : new int[] {512, 1024, 2048, 4096};
        for (int t : lengths) {
            for (int d : new int[] {64, 128}) {
                for (boolean causal : new boolean[] {false, true}) {
                    attention(4, 16, t, d, causal);
                }
            }
        }
    }

    private static void matmul(String type, int m, int n, int k) {
        DType dtype = switch (type) {
            case "bf16" -> DType.BF16;
            case "f16" -> DType.F16;
            default -> DType.F32;
        };
        try (DeviceArena gpu = new DeviceArena()) {
            CudaTensor a = CudaTensor.toDevice(Tensor.randn(new SplittableRandom(1), dtype, m, k), gpu);
            CudaTensor b = CudaTensor.toDevice(Tensor.randn(new SplittableRandom(2), dtype, k, n), gpu);
            CudaTensor c = CudaTensor.empty(gpu, DType.F32, m, n);
            boolean tf32 = type.equals("tf32");
            double ms = time(() -> Sgemm.matmul(a, b, false, c, tf32, null));
            double tflops = 2.0 * m * n * k / (ms * 1e-3) / 1e12;
            System.out.println(String.format(Locale.ROOT,
                    "{\"op\": \"matmul\", \"dtype\": \"%s\", \"m\": %d, \"n\": %d, \"k\": %d, \"ms\": %.4f, \"tflops\": %.3f}",
                    type, m, n, k, ms, tflops));
        }
    }

    private static void attention(int batch, int heads, int t, int d, boolean causal) {
        try (DeviceArena gpu = new DeviceArena()) {
            CudaTensor q = CudaTensor.toDevice(Tensor.randn(new SplittableRandom(3), DType.F32, batch, heads, t, d), gpu);
            CudaTensor k = CudaTensor.toDevice(Tensor.randn(new SplittableRandom(4), DType.F32, batch, heads, t, d), gpu);
            CudaTensor v = CudaTensor.toDevice(Tensor.randn(new SplittableRandom(5), DType.F32, batch, heads, t, d), gpu);
            CudaTensor out = CudaTensor.empty(gpu, DType.F32, batch, heads, t, d);
            AttentionMask mask = AttentionMask.NONE.withCausal(causal);
            double ms = time(() -> FlashAttention.run(q, k, v, out, 1 / Math.sqrt(d), mask, null));
            double flops = 4.0 * batch * heads * t * (double) t * d * (causal ? 0.5 : 1);
            System.out.println(String.format(Locale.ROOT,
                    "{\"op\": \"attention\", \"dtype\": \"f32\", \"b\": %d, \"h\": %d, \"t\": %d, \"d\": %d, \"causal\": %s, "
                            + "\"ms\": %.4f, \"tflops\": %.3f}",
                    batch, heads, t, d, causal, ms, flops / (ms * 1e-3) / 1e12));
        }
    }

    /** Milliseconds per run: 3 warm-up runs, then as many as fit in about half a second, timed as a whole. */
    private static double time(Runnable run) {
        for (int i = 0; i < 3; i++) {
            run.run();
        }
        CudaRuntime.synchronize();
        long start = System.nanoTime();
        int runs = 0;
        while (System.nanoTime() - start < 500_000_000L || runs < 5) {
            run.run();
            runs++;
            if (runs % 10 == 0) {
                CudaRuntime.synchronize();
            }
        }
        CudaRuntime.synchronize();
        return (System.nanoTime() - start) / 1e6 / runs;
    }
}
