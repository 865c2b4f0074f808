package dev.gatun.kernels.cpu;

import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.backend.Backend;
import dev.gatun.tensor.backend.KernelSpec;
import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.backend.QuantMatVecSpec;
import dev.gatun.tensor.backend.RmsNormSpec;
import dev.gatun.tensor.backend.RopeSpec;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.backend.SoftmaxSpec;
import dev.gatun.tensor.kernels.GemmSpec;

/**
 * The native CPU backend ({@code native}): libgatun's C kernels, called through the Foreign Function and
 * Memory API. Registered with {@link java.util.ServiceLoader}, so {@link dev.gatun.tensor.backend.Backends}
 * asks it first for every kernel; {@code GATUN_BACKEND=java} turns it off.
 *
 * <p>It supports a call when the library is loaded and the operands are F32 (or F16/BF16 for a matrix
 * product's A and B) in native, element-aligned memory, with outputs that do not overlap inputs (an
 * operation in place on the very same view is allowed where the kernel says so). Everything else stays on
 * the Java backend. Before each call the operands' addressed elements are checked against their memory,
 * so a bad spec throws {@link dev.gatun.tensor.GatunException} and never reaches C. The kernels use
 * {@link dev.gatun.tensor.kernels.Parallel#threads()} threads of the library's own pool.
 *
 * <p>When the library is missing (built without a C compiler) or fails to load, the backend supports
 * nothing; a failed load is reported once, as a warning.
 *
 * {@snippet :
 * NativeBackend backend = new NativeBackend();
 * if (backend.supportsGemm(spec)) {
 *     backend.gemm(spec);
 * }
 * }
 */
public final class NativeBackend implements Backend {
    private final Isa isa;

    /** The backend ServiceLoader creates: the best instruction set of this CPU. */
    public NativeBackend() {
        this(Isa.BEST);
    }

    private NativeBackend(Isa isa) {
        this.isa = isa;
    }

    /** A backend running the given instruction set ({@link Isa#GENERIC} runs the portable C anywhere). */
    public static NativeBackend withIsa(Isa isa) {
        return new NativeBackend(isa);
    }

    private static final class Warning {
        static {
            NativeLibrary.Loaded l = NativeLibrary.get();
            if (l.library() == null) {
                System.getLogger(NativeBackend.class.getName()).log(
                        l.expected() ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                        "native kernels unavailable, using pure Java: " + l.problem());
            }
        }

        static NativeLibrary library() {
            return NativeLibrary.get().library();
        }
    }

    private static NativeLibrary library() {
        return Warning.library();
    }

    /** Whether libgatun is loaded and usable. */
    public static boolean isAvailable() {
        return library() != null;
    }

    /** Why the library is unavailable, or null when it is loaded. */
    public static String unavailableReason() {
        return NativeLibrary.get().problem();
    }

    /** One line for diagnostics: the instruction set in use, or why there is no library. */
    public static String describe() {
        NativeLibrary lib = library();
        if (lib == null) {
            return "unavailable: " + unavailableReason();
        }
        return "libgatun for " + NativeLibrary.platform() + ", " + (lib.hasAvx2() ? "AVX2+FMA" : "portable C");
    }

    @Override
    public String name() {
        return isa == Isa.BEST ? "native" : "native-" + isa.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The instruction set this backend asks the kernels to use. */
    public Isa isa() {
        return isa;
    }

    @Override
    public boolean supportsGemm(GemmSpec spec) {
        return isAvailable() && Sgemm.supports(spec);
    }

    @Override
    public void gemm(GemmSpec spec) {
        Sgemm.run(loaded(), isa, spec);
    }

    @Override
    public boolean supports(KernelSpec spec) {
        if (!isAvailable()) {
            return false;
        }
        return switch (spec) {
            case AttentionSpec s -> FlashAttention.supports(s);
            case SoftmaxSpec s -> Softmax.supports(s);
            case LayerNormSpec s -> LayerNorm.supports(s);
            case RmsNormSpec s -> RmsNorm.supports(s);
            case ActivationSpec s -> Activation.supports(s);
            case RopeSpec s -> Rope.supports(s);
            case SelectiveScanSpec s -> SelectiveScan.supports(s);
            case QuantMatVecSpec s -> QuantMatVec.supports(s);
        };
    }

    @Override
    public void execute(KernelSpec spec) {
        NativeLibrary lib = loaded();
        switch (spec) {
            case AttentionSpec s -> FlashAttention.run(lib, isa, s);
            case SoftmaxSpec s -> Softmax.run(lib, isa, s);
            case LayerNormSpec s -> LayerNorm.run(lib, isa, s);
            case RmsNormSpec s -> RmsNorm.run(lib, isa, s);
            case ActivationSpec s -> Activation.run(lib, isa, s);
            case RopeSpec s -> Rope.run(lib, isa, s);
            case SelectiveScanSpec s -> SelectiveScan.run(lib, isa, s);
            case QuantMatVecSpec s -> QuantMatVec.run(lib, isa, s);
        }
    }

    private static NativeLibrary loaded() {
        NativeLibrary lib = library();
        if (lib == null) {
            throw new IllegalStateException("native kernels unavailable: " + unavailableReason());
        }
        return lib;
    }
}
