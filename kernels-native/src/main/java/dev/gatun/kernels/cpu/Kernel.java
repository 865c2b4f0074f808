package dev.gatun.kernels.cpu;

import static dev.gatun.kernels.cpu.Struct.f32;
import static dev.gatun.kernels.cpu.Struct.i32;
import static dev.gatun.kernels.cpu.Struct.i64;
import static dev.gatun.kernels.cpu.Struct.i64s;
import static dev.gatun.kernels.cpu.Struct.pad;
import static dev.gatun.kernels.cpu.Struct.ptr;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

/**
 * The kernels of libgatun: the id gatun.h gives each ({@code enum gatun_kernel}), its entry point, and the
 * Java layout of its parameter struct, field for field as in gatun.h.
 */
enum Kernel {
    SGEMM(0, "gatun_sgemm", new Struct("gatun_sgemm_params",
            i32("batch"), i32("m"), i32("n"), i32("k"), i32("a_type"), i32("b_type"), i32("accumulate"), pad("reserved"),
            ptr("a"), ptr("b"), ptr("c"),
            i64("a_batch_stride"), i64("a_row_stride"), i64("a_col_stride"),
            i64("b_batch_stride"), i64("b_row_stride"), i64("b_col_stride"),
            i64("c_batch_stride"), i64("c_row_stride"))),
    ATTENTION(1, "gatun_attention", new Struct("gatun_attention_params",
            i32("batch"), i32("heads"), i32("kv_heads"), i32("tq"), i32("tk"), i32("d"), i32("dv"),
            i32("causal"), i32("window"), i32("block_size"), f32("scale"), pad("reserved"),
            ptr("q"), ptr("k"), ptr("v"), ptr("out"), ptr("key_mask"), ptr("block_mask"),
            i64s("q_strides", 4), i64s("k_strides", 4), i64s("v_strides", 4), i64s("out_strides", 4),
            i64s("key_mask_strides", 2), i64s("block_mask_strides", 2))),
    SOFTMAX(2, "gatun_softmax", new Struct("gatun_softmax_params", rowsThen(ptr("x"), ptr("out")))),
    LAYER_NORM(3, "gatun_layer_norm", new Struct("gatun_layer_norm_params", rowsThen(f32("eps"), pad("reserved"),
            ptr("x"), ptr("weight"), ptr("bias"), ptr("out"), i64("weight_stride"), i64("bias_stride")))),
    RMS_NORM(4, "gatun_rms_norm", new Struct("gatun_rms_norm_params", rowsThen(f32("eps"), pad("reserved"),
            ptr("x"), ptr("weight"), ptr("out"), i64("weight_stride")))),
    ACTIVATION(5, "gatun_activation", new Struct("gatun_activation_params", rowsThen(i32("kind"), pad("reserved"),
            ptr("x"), ptr("out")))),
    ROPE(6, "gatun_rope", new Struct("gatun_rope_params",
            i32("batch"), i32("heads"), i32("tokens"), i32("d"), i32("table_cols"), i32("table_rows"),
            ptr("x"), ptr("out"), ptr("cos"), ptr("sin"), ptr("positions"),
            i64s("x_strides", 4), i64s("out_strides", 4), i64s("cos_strides", 2), i64s("sin_strides", 2),
            i64s("position_strides", 2))),
    SELECTIVE_SCAN(7, "gatun_selective_scan", new Struct("gatun_selective_scan_params",
            i32("batch"), i32("channels"), i32("length"), i32("state"), i32("delta_softplus"), pad("reserved"),
            ptr("u"), ptr("delta"), ptr("a"), ptr("b"), ptr("c"), ptr("d"), ptr("z"), ptr("delta_bias"),
            ptr("initial_state"), ptr("out"), ptr("last_state"),
            i64s("u_strides", 3), i64s("delta_strides", 3), i64s("a_strides", 2), i64s("b_strides", 3),
            i64s("c_strides", 3), i64("d_stride"), i64s("z_strides", 3), i64("delta_bias_stride"),
            i64s("initial_state_strides", 3), i64s("out_strides", 3), i64s("last_state_strides", 3))),
    QUANT_MATVEC(8, "gatun_quant_matvec", new Struct("gatun_quant_matvec_params",
            i32("format"), i32("m"), i32("n"), i32("k"), ptr("w"), ptr("x"), ptr("out"), i64("w_row_bytes"),
            i64("x_row_stride"), i64("x_col_stride"), i64("out_row_stride"), i64("out_col_stride")));

    private final int id;
    private final String symbol;
    private final Struct struct;

    Kernel(int id, String symbol, Struct struct) {
        this.id = id;
        this.symbol = symbol;
        this.struct = struct;
    }

    /** gatun.h's {@code gatun_rows} (a (rows, cols) view with the strides of x and out), then {@code rest}. */
    private static MemoryLayout[] rowsThen(MemoryLayout... rest) {
        MemoryLayout[] rows = {i64("rows"), i64("cols"), i64("x_row_stride"), i64("x_col_stride"),
            i64("out_row_stride"), i64("out_col_stride")};
        MemoryLayout[] all = java.util.Arrays.copyOf(rows, rows.length + rest.length);
        System.arraycopy(rest, 0, all, rows.length, rest.length);
        return all;
    }

    int id() {
        return id;
    }

    String symbol() {
        return symbol;
    }

    Struct struct() {
        return struct;
    }

    StructLayout layout() {
        return struct.layout();
    }
}
