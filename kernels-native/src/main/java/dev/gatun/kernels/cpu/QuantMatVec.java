package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Quantized;
import dev.gatun.tensor.backend.QuantMatVecSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/** Binding of {@code gatun_quant_matvec} (quant_matvec.c): {@code x · Wᵀ} for Q8_0 and Q4_0 weights. */
final class QuantMatVec {
    private QuantMatVec() {
    }

    private static Operand weight(Quantized w) {
        return new Operand("weight", DType.I8, w.data(), 0, new long[] {w.data().byteSize()}, new long[] {1});
    }

    static boolean supports(QuantMatVecSpec s) {
        Operand x = Operand.of("x", s.x());
        Operand out = Operand.of("out", s.out());
        Operand w = weight(s.weight());
        return x.usableAs(DType.F32) && out.usableAs(DType.F32) && w.usable() && out.hasDistinctElements()
                && !out.overlaps(x) && !out.overlaps(w);
    }

    static void run(NativeLibrary lib, Isa isa, QuantMatVecSpec s) {
        Operand.of("x", s.x()).checkBounds("quant_matvec", false);
        Operand.of("out", s.out()).checkBounds("quant_matvec", true);
        Quantized w = s.weight();
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.QUANT_MATVEC.struct().allocate(arena, isa, Parallel.threads())
                    .i32("format", w.format() == Quantized.Format.Q8_0 ? 0 : 1)
                    .i32("m", s.x().size(0)).i32("n", w.rows()).i32("k", w.cols())
                    .ptr("w", weight(w).address()).ptr("x", RowKernel.address(s.x())).ptr("out", RowKernel.address(s.out()))
                    .i64("w_row_bytes", w.rowBytes())
                    .i64("x_row_stride", s.x().strides()[0]).i64("x_col_stride", s.x().strides()[1])
                    .i64("out_row_stride", s.out().strides()[0]).i64("out_col_stride", s.out().strides()[1]);
            lib.invoke(Kernel.QUANT_MATVEC, p.segment(), "quant_matvec");
        }
    }
}
