package dev.gatun.kernels.cpu;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.kernels.GemmSpec;
import dev.gatun.tensor.kernels.Parallel;
import java.lang.foreign.Arena;

/**
 * Binding of {@code gatun_sgemm} (sgemm.c): the batched product {@code C[b] = A[b] · B[b] (+ C[b])} with A
 * and B in F32, F16 or BF16 and any strides, C in F32 with unit column stride. Products with at most four
 * rows whose B has a unit stride (a row-major B, or the transposed (n, k) weight of a Linear), or at most
 * four columns whose A has one, run as matrix-vector products streaming the matrix; the rest run the
 * packed, cache-blocked AVX2 kernel.
 */
final class Sgemm {
    private Sgemm() {
    }

    private static boolean operandType(DType t) {
        return t == DType.F32 || t == DType.F16 || t == DType.BF16;
    }

    static int typeCode(DType t) {
        return switch (t) {
            case F16 -> 1;
            case BF16 -> 2;
            default -> 0;
        };
    }

    static Operand a(GemmSpec s) {
        return new Operand("A", s.aType(), s.a(), s.aOffset(), new long[] {s.batch(), s.m(), s.k()},
                new long[] {s.aBatchStride(), s.aRowStride(), s.aColStride()});
    }

    static Operand b(GemmSpec s) {
        return new Operand("B", s.bType(), s.b(), s.bOffset(), new long[] {s.batch(), s.k(), s.n()},
                new long[] {s.bBatchStride(), s.bRowStride(), s.bColStride()});
    }

    static Operand c(GemmSpec s) {
        return new Operand("C", s.cType(), s.c(), s.cOffset(), new long[] {s.batch(), s.m(), s.n()},
                new long[] {s.cBatchStride(), s.cRowStride(), 1});
    }

    /**
     * Whether the native kernel handles this product: supported dtypes, native element-aligned memory,
     * C's elements distinct and C apart from A and B. Anything else (F64, heap memory, aliasing) stays on
     * the Java backend.
     */
    static boolean supports(GemmSpec s) {
        if (s.aType() == null || s.bType() == null || s.a() == null || s.b() == null || s.c() == null) {
            return false;
        }
        if (!operandType(s.aType()) || !operandType(s.bType()) || s.cType() != DType.F32) {
            return false;
        }
        Operand a = a(s);
        Operand b = b(s);
        Operand c = c(s);
        try {
            return a.usable() && b.usable() && c.usable() && c.hasDistinctElements() && !c.overlaps(a)
                    && !c.overlaps(b);
        } catch (ArithmeticException overflow) {
            return false; // strides past 64 bits: let the Java backend report it
        }
    }

    static void run(NativeLibrary lib, Isa isa, GemmSpec s) {
        if (s.batch() < 0 || s.m() < 0 || s.n() < 0 || s.k() < 0) {
            throw new GatunException("gemm: sizes must be >= 0, got batch=" + s.batch() + " m=" + s.m() + " n=" + s.n()
                    + " k=" + s.k());
        }
        Operand a = a(s);
        Operand b = b(s);
        Operand c = c(s);
        a.checkBounds("gemm", false);
        b.checkBounds("gemm", false);
        c.checkBounds("gemm", true);
        try (Arena arena = Arena.ofConfined()) {
            Struct.Writer p = Kernel.SGEMM.struct().allocate(arena, isa, Parallel.threads())
                    .i32("batch", s.batch()).i32("m", s.m()).i32("n", s.n()).i32("k", s.k())
                    .i32("a_type", typeCode(s.aType())).i32("b_type", typeCode(s.bType()))
                    .i32("accumulate", s.accumulate() ? 1 : 0)
                    .ptr("a", a.address()).ptr("b", b.address()).ptr("c", c.address())
                    .i64("a_batch_stride", s.aBatchStride()).i64("a_row_stride", s.aRowStride())
                    .i64("a_col_stride", s.aColStride())
                    .i64("b_batch_stride", s.bBatchStride()).i64("b_row_stride", s.bRowStride())
                    .i64("b_col_stride", s.bColStride())
                    .i64("c_batch_stride", s.cBatchStride()).i64("c_row_stride", s.cRowStride());
            lib.invoke(Kernel.SGEMM, p.segment(), "gemm");
        }
    }
}
