package dev.gatun.kernels.cpu;

import dev.gatun.tensor.backend.SoftmaxSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/** Binding of {@code gatun_softmax} (softmax.c): softmax along the last dimension. */
final class Softmax {
    private Softmax() {
    }

    static boolean supports(SoftmaxSpec s) {
        return RowKernel.supports(s.x(), s.out());
    }

    static void run(NativeLibrary lib, Isa isa, SoftmaxSpec s) {
        RowKernel.checkBounds("softmax", s.x(), s.out());
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.SOFTMAX.struct().allocate(arena, isa, Parallel.threads());
            Rows.write(p, Rows.of(s.x()), Rows.of(s.out()));
            p.ptr("x", RowKernel.address(s.x())).ptr("out", RowKernel.address(s.out()));
            lib.invoke(Kernel.SOFTMAX, p.segment(), "softmax");
        }
    }
}
