package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.SelectiveScanSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/** Binding of {@code gatun_selective_scan} (selective_scan.c): Mamba's selective scan. */
final class SelectiveScan {
    private SelectiveScan() {
    }

    private static List<Operand> inputs(SelectiveScanSpec s) {
        List<Operand> in = new ArrayList<>();
        String[] names = {"u", "delta", "A", "B", "C", "D", "z", "delta_bias", "initial state"};
        Tensor[] ts = {s.u(), s.delta(), s.a(), s.b(), s.c(), s.d(), s.z(), s.deltaBias(), s.initialState()};
        for (int i = 0; i < ts.length; i++) {
            if (ts[i] != null) {
                in.add(Operand.of(names[i], ts[i]));
            }
        }
        return in;
    }

    private static List<Operand> outputs(SelectiveScanSpec s) {
        List<Operand> out = new ArrayList<>(List.of(Operand.of("out", s.out())));
        if (s.lastState() != null) {
            out.add(Operand.of("last state", s.lastState()));
        }
        return out;
    }

    static boolean supports(SelectiveScanSpec s) {
        List<Operand> outs = outputs(s);
        for (Operand o : outs) {
            if (!o.usableAs(DType.F32) || !o.hasDistinctElements()) {
                return false;
            }
        }
        if (outs.size() == 2 && outs.get(0).overlaps(outs.get(1))) {
            return false;
        }
        for (Operand in : inputs(s)) {
            if (!in.usableAs(DType.F32)) {
                return false;
            }
            for (Operand o : outs) {
                if (in.overlaps(o)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static long[] strides(Tensor t, int rank) {
        return t == null ? new long[rank] : t.strides();
    }

    static void run(NativeLibrary lib, Isa isa, SelectiveScanSpec s) {
        for (Operand in : inputs(s)) {
            in.checkBounds("selective_scan", false);
        }
        for (Operand o : outputs(s)) {
            o.checkBounds("selective_scan", true);
        }
        Tensor u = s.u();
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.SELECTIVE_SCAN.struct().allocate(arena, isa, Parallel.threads())
                    .i32("batch", u.size(0)).i32("channels", u.size(1)).i32("length", u.size(2))
                    .i32("state", s.a().size(1)).i32("delta_softplus", s.deltaSoftplus() ? 1 : 0)
                    .ptr("u", RowKernel.address(u)).ptr("delta", RowKernel.address(s.delta()))
                    .ptr("a", RowKernel.address(s.a())).ptr("b", RowKernel.address(s.b()))
                    .ptr("c", RowKernel.address(s.c())).ptr("d", RowKernel.address(s.d()))
                    .ptr("z", RowKernel.address(s.z())).ptr("delta_bias", RowKernel.address(s.deltaBias()))
                    .ptr("initial_state", RowKernel.address(s.initialState())).ptr("out", RowKernel.address(s.out()))
                    .ptr("last_state", RowKernel.address(s.lastState()))
                    .i64s("u_strides", u.strides()).i64s("delta_strides", s.delta().strides())
                    .i64s("a_strides", s.a().strides()).i64s("b_strides", s.b().strides())
                    .i64s("c_strides", s.c().strides()).i64("d_stride", RowKernel.stride(s.d()))
                    .i64s("z_strides", strides(s.z(), 3)).i64("delta_bias_stride", RowKernel.stride(s.deltaBias()))
                    .i64s("initial_state_strides", strides(s.initialState(), 3))
                    .i64s("out_strides", s.out().strides()).i64s("last_state_strides", strides(s.lastState(), 3));
            lib.invoke(Kernel.SELECTIVE_SCAN, p.segment(), "selective_scan");
        }
    }
}
