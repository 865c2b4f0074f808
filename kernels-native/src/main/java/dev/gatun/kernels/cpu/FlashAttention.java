package dev.gatun.kernels.cpu;

import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import dev.gatun.tensor.backend.AttentionSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * Binding of {@code gatun_attention} (flash_attention.c): scaled-dot-product attention over tiles of keys
 * with an online softmax, never materialising the (Tq, Tk) scores; causal, sliding-window, key-padding and
 * block-sparse masks; grouped-query heads.
 */
final class FlashAttention {
    private FlashAttention() {
    }

    private static List<Operand> inputs(AttentionSpec s) {
        List<Operand> in = new ArrayList<>(List.of(Operand.of("q", s.q()), Operand.of("k", s.k()),
                Operand.of("v", s.v())));
        AttentionMask m = s.mask();
        if (m.keyMask() != null) {
            in.add(Operand.of("key mask", m.keyMask()));
        }
        if (m.blockMask() != null) {
            in.add(Operand.of("block mask", m.blockMask()));
        }
        return in;
    }

    static boolean supports(AttentionSpec s) {
        Operand out = Operand.of("out", s.out());
        if (!out.usableAs(DType.F32) || !out.hasDistinctElements()) {
            return false;
        }
        for (Operand in : inputs(s)) {
            boolean typed = in.name().endsWith("mask") ? in.usableAs(DType.BOOL) : in.usableAs(DType.F32);
            if (!typed || in.overlaps(out)) {
                return false;
            }
        }
        return true;
    }

    static void run(NativeLibrary lib, Isa isa, AttentionSpec s) {
        for (Operand in : inputs(s)) {
            in.checkBounds("attention", false);
        }
        Operand.of("out", s.out()).checkBounds("attention", true);
        AttentionMask m = s.mask();
        Tensor q = s.q();
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.ATTENTION.struct().allocate(arena, isa, Parallel.threads())
                    .i32("batch", q.size(0)).i32("heads", q.size(1)).i32("kv_heads", s.k().size(1))
                    .i32("tq", q.size(2)).i32("tk", s.k().size(2)).i32("d", q.size(3)).i32("dv", s.v().size(3))
                    .i32("causal", m.causal() ? 1 : 0).i32("window", m.window()).i32("block_size", m.blockSize())
                    .f32("scale", (float) s.scale())
                    .ptr("q", RowKernel.address(q)).ptr("k", RowKernel.address(s.k()))
                    .ptr("v", RowKernel.address(s.v())).ptr("out", RowKernel.address(s.out()))
                    .ptr("key_mask", RowKernel.address(m.keyMask())).ptr("block_mask", RowKernel.address(m.blockMask()))
                    .i64s("q_strides", q.strides()).i64s("k_strides", s.k().strides())
                    .i64s("v_strides", s.v().strides()).i64s("out_strides", s.out().strides());
            if (m.keyMask() != null) {
                p.i64s("key_mask_strides", m.keyMask().strides());
            }
            if (m.blockMask() != null) {
                p.i64s("block_mask_strides", m.blockMask().strides());
            }
            lib.invoke(Kernel.ATTENTION, p.segment(), "attention");
        }
    }
}
