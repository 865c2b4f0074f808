package dev.gatun.kernels.cpu;

import dev.gatun.tensor.backend.ActivationSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/** Binding of {@code gatun_activation} (activation.c): GELU (erf and tanh forms) and SiLU. */
final class Activation {
    private Activation() {
    }

    static boolean supports(ActivationSpec s) {
        return RowKernel.supports(s.x(), s.out());
    }

    static int code(ActivationSpec.Kind kind) {
        return switch (kind) {
            case GELU -> 0;
            case GELU_TANH -> 1;
            case SILU -> 2;
        };
    }

    static void run(NativeLibrary lib, Isa isa, ActivationSpec s) {
        RowKernel.checkBounds("activation", s.x(), s.out());
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.ACTIVATION.struct().allocate(arena, isa, Parallel.threads());
            Rows.write(p, Rows.of(s.x()), Rows.of(s.out()));
            p.i32("kind", code(s.kind())).ptr("x", RowKernel.address(s.x())).ptr("out", RowKernel.address(s.out()));
            lib.invoke(Kernel.ACTIVATION, p.segment(), "activation");
        }
    }
}
