package dev.gatun.kernels.cpu;

import dev.gatun.tensor.backend.LayerNormSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/** Binding of {@code gatun_layer_norm} (layer_norm.c): layer normalisation over the last dimension. */
final class LayerNorm {
    private LayerNorm() {
    }

    static boolean supports(LayerNormSpec s) {
        return RowKernel.supports(s.x(), s.out(), s.weight(), s.bias());
    }

    static void run(NativeLibrary lib, Isa isa, LayerNormSpec s) {
        RowKernel.checkBounds("layer_norm", s.x(), s.out(), s.weight(), s.bias());
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.LAYER_NORM.struct().allocate(arena, isa, Parallel.threads());
            Rows.write(p, Rows.of(s.x()), Rows.of(s.out()));
            p.f32("eps", (float) s.eps())
                    .ptr("x", RowKernel.address(s.x())).ptr("out", RowKernel.address(s.out()))
                    .ptr("weight", RowKernel.address(s.weight())).ptr("bias", RowKernel.address(s.bias()))
                    .i64("weight_stride", RowKernel.stride(s.weight())).i64("bias_stride", RowKernel.stride(s.bias()));
            lib.invoke(Kernel.LAYER_NORM, p.segment(), "layer_norm");
        }
    }
}
