package dev.gatun.kernels.cuda;

import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.kernels.GemmSpec;
import java.util.Locale;

/**
 * The CUDA backend ({@code cuda}): Gatun's kernels on an NVIDIA GPU, for host tensors. Registered with
 * {@link java.util.ServiceLoader} after the native CPU backend, so it runs what that one declines, and
 * everything it supports when selected with {@code GATUN_BACKEND=cuda}. Each call copies its operands to
 * the device, runs there and copies the results back ({@link Sgemm#run}, {@code HostKernels}); code that
 * keeps its tensors on the device uses {@link CudaTensor} and the kernel classes directly.
 *
 * <p>It supports matrix products of F32, F16 and BF16 operands (not F64), and softmax, layer and RMS
 * norms, activations, attention and the selective scan of F32 tensors. Without a usable device (see
 * {@link CudaRuntime#unavailableReason()}) it supports nothing and Gatun runs on its other backends; this
 * is logged once, as a warning when {@code GATUN_BACKEND} asks for {@code cuda}.
 *
 * {@snippet :
 * Backends.use("cuda");                 // or GATUN_BACKEND=cuda
 * Tensor y = x.matmul(w);               // runs on the GPU when one is there
 * }
 */
public final class CudaBackend implements Backend {
    private final boolean tf32;

    /** The backend ServiceLoader creates: exact F32 products. */
    public CudaBackend() {
        this(false);
    }

    private CudaBackend(boolean tf32) {
        this.tf32 = tf32;
    }

    /** A backend whose F32 × F32 products run on tensor cores in TF32 ({@code cuda-tf32}). */
    public static CudaBackend withTf32() {
        return new CudaBackend(true);
    }

    private static final class Warning {
        static final boolean AVAILABLE = warnOnce();

        private static boolean warnOnce() {
            if (CudaRuntime.isAvailable()) {
                return true;
            }
            String chosen = System.getenv("GATUN_BACKEND");
            boolean asked = chosen != null && chosen.trim().toLowerCase(Locale.ROOT).startsWith("cuda");
            System.getLogger(CudaBackend.class.getName()).log(
                    asked ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
                    "CUDA backend unavailable, using the other backends: " + CudaRuntime.unavailableReason());
            return false;
        }
    }

    /** Whether a CUDA device is there and usable; logs the reason once when not. */
    public static boolean isAvailable() {
        return Warning.AVAILABLE;
    }

    @Override
    public String name() {
        return tf32 ? "cuda-tf32" : "cuda";
    }

    @Override
    public boolean supportsGemm(GemmSpec spec) {
        return !spec.isF64() && spec.m() <= Sgemm.MAX_ROWS && isAvailable();
    }

    @Override
    public void gemm(GemmSpec spec) {
        Sgemm.run(spec, tf32);
    }

    @Override
    public boolean supports(KernelSpec spec) {
        return HostKernels.supports(spec) && isAvailable();
    }

    @Override
    public void execute(KernelSpec spec) {
        HostKernels.execute(spec);
    }
}
