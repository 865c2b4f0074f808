package dev.gatun.kernels.cpu;

import dev.gatun.tensor.backend.RmsNormSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/** Binding of {@code gatun_rms_norm} (rms_norm.c): RMS normalisation over the last dimension. */
final class RmsNorm {
    private RmsNorm() {
    }

    static boolean supports(RmsNormSpec s) {
        return RowKernel.supports(s.x(), s.out(), s.weight());
    }

    static void run(NativeLibrary lib, Isa isa, RmsNormSpec s) {
        RowKernel.checkBounds("rms_norm", s.x(), s.out(), s.weight());
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.RMS_NORM.struct().allocate(arena, isa, Parallel.threads());
            Rows.write(p, Rows.of(s.x()), Rows.of(s.out()));
            p.f32("eps", (float) s.eps())
                    .ptr("x", RowKernel.address(s.x())).ptr("out", RowKernel.address(s.out()))
                    .ptr("weight", RowKernel.address(s.weight())).i64("weight_stride", RowKernel.stride(s.weight()));
            lib.invoke(Kernel.RMS_NORM, p.segment(), "rms_norm");
        }
    }
}
