package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Scope;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.RopeSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/** Binding of {@code gatun_rope} (rope.c): rotary position embedding, rotate-half form. */
final class Rope {
    private Rope() {
    }

    static boolean supports(RopeSpec s) {
        Operand x = Operand.of("x", s.x());
        Operand out = Operand.of("out", s.out());
        Operand cos = Operand.of("cos", s.cos());
        Operand sin = Operand.of("sin", s.sin());
        if (!x.usableAs(DType.F32) || !out.usableAs(DType.F32) || !cos.usableAs(DType.F32) || !sin.usableAs(DType.F32)
                || !out.hasDistinctElements()) {
            return false;
        }
        return (out.sameView(x) || !out.overlaps(x)) && !out.overlaps(cos) && !out.overlaps(sin);
    }

    static void run(NativeLibrary lib, Isa isa, RopeSpec s) {
        Tensor x = s.x();
        try (Scope scratch = Scope.open(); Arena arena = Arena.ofConfined()) {
            dev.gatun.tensor.Rope.checkPositions(s.positions(), s.cos().size(0));
            Tensor pos = s.positions().dtype() == DType.I64 && Operand.of("positions", s.positions()).usable()
                    ? s.positions() : s.positions().to(DType.I64).contiguous();
            Operand.of("x", x).checkBounds("rope", false);
            Operand.of("cos", s.cos()).checkBounds("rope", false);
            Operand.of("sin", s.sin()).checkBounds("rope", false);
            Operand.of("positions", pos).checkBounds("rope", false);
            Operand.of("out", s.out()).checkBounds("rope", true);
            long[] ps = pos.strides();
            long[] positionStrides = pos.rank() == 1 ? new long[] {0, ps[0]} : ps;
            Struct.Writer p = Kernel.ROPE.struct().allocate(arena, isa, Parallel.threads())
                    .i32("batch", x.size(0)).i32("heads", x.size(1)).i32("tokens", x.size(2)).i32("d", x.size(3))
                    .i32("table_cols", s.cos().size(1)).i32("table_rows", s.cos().size(0))
                    .ptr("x", RowKernel.address(x)).ptr("out", RowKernel.address(s.out()))
                    .ptr("cos", RowKernel.address(s.cos())).ptr("sin", RowKernel.address(s.sin()))
                    .ptr("positions", RowKernel.address(pos))
                    .i64s("x_strides", x.strides()).i64s("out_strides", s.out().strides())
                    .i64s("cos_strides", s.cos().strides()).i64s("sin_strides", s.sin().strides())
                    .i64s("position_strides", positionStrides);
            lib.invoke(Kernel.ROPE, p.segment(), "rope");
        }
    }
}
