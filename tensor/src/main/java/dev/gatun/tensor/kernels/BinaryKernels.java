package dev.gatun.tensor.kernels;

import dev.gatun.tensor.BinaryKind;
import dev.gatun.tensor.CompareKind;
import dev.gatun.tensor.DType;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row kernels for broadcasting binary functions, comparisons and {@code where}. Operands are numbered
 * a = 0, b = 1, output = 2 ({@code where}: cond = 0, a = 1, b = 2, output = 3).
 */
public final class BinaryKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final ByteOrder NATIVE = ByteOrder.nativeOrder();

    private BinaryKernels() {
    }

    public static StridedLoop.RowKernel row(BinaryKind kind, DType at, MemorySegment a, DType bt, MemorySegment b,
                                            DType ot, MemorySegment out) {
        if (at == DType.F32 && bt == DType.F32 && ot == DType.F32 && kind != BinaryKind.POW) {
            return (off, n, st) -> {
                if (st[2] == 4 && st[0] == 4 && st[1] == 4) {
                    f32(kind, a, off[0], b, off[1], out, off[2], n);
                } else if (st[2] == 4 && st[0] == 4 && st[1] == 0) {
                    f32ScalarB(kind, a, off[0], b.get(FLOAT, off[1]), out, off[2], n);
                } else if (st[2] == 4 && st[0] == 0 && st[1] == 4) {
                    f32ScalarA(kind, a.get(FLOAT, off[0]), b, off[1], out, off[2], n);
                } else {
                    scalarDouble(kind, at, a, bt, b, ot, out, off, n, st);
                }
            };
        }
        if (!at.isFloatingPoint() && !bt.isFloatingPoint() && !ot.isFloatingPoint()) {
            return (off, n, st) -> {
                for (long i = 0; i < n; i++) {
                    long x = at.getLong(a, off[0] + i * st[0]);
                    long y = bt.getLong(b, off[1] + i * st[1]);
                    ot.setLong(out, off[2] + i * st[2], Scalar.binary(kind, x, y));
                }
            };
        }
        return (off, n, st) -> scalarDouble(kind, at, a, bt, b, ot, out, off, n, st);
    }

    private static void scalarDouble(BinaryKind kind, DType at, MemorySegment a, DType bt, MemorySegment b,
                                     DType ot, MemorySegment out, long[] off, long n, long[] st) {
        for (long i = 0; i < n; i++) {
            double x = at.getDouble(a, off[0] + i * st[0]);
            double y = bt.getDouble(b, off[1] + i * st[1]);
            ot.setDouble(out, off[2] + i * st[2], Scalar.binary(kind, x, y));
        }
    }

    private static FloatVector op(BinaryKind kind, FloatVector x, FloatVector y) {
        return switch (kind) {
            case ADD -> x.add(y);
            case SUB -> x.sub(y);
            case MUL -> x.mul(y);
            case DIV -> x.div(y);
            case MAXIMUM -> x.max(y);
            case MINIMUM -> x.min(y);
            case POW -> throw new AssertionError("pow has no vector path");
        };
    }

    private static void f32(BinaryKind kind, MemorySegment a, long ao, MemorySegment b, long bo,
                            MemorySegment out, long oo, long n) {
        long i = 0;
        long bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromMemorySegment(F, a, ao + i * 4, NATIVE);
            FloatVector y = FloatVector.fromMemorySegment(F, b, bo + i * 4, NATIVE);
            op(kind, x, y).intoMemorySegment(out, oo + i * 4, NATIVE);
        }
        for (; i < n; i++) {
            out.set(FLOAT, oo + i * 4, (float) Scalar.binary(kind, a.get(FLOAT, ao + i * 4), b.get(FLOAT, bo + i * 4)));
        }
    }

    private static void f32ScalarB(BinaryKind kind, MemorySegment a, long ao, float bv, MemorySegment out, long oo, long n) {
        FloatVector y = FloatVector.broadcast(F, bv);
        long i = 0;
        long bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            FloatVector x = FloatVector.fromMemorySegment(F, a, ao + i * 4, NATIVE);
            op(kind, x, y).intoMemorySegment(out, oo + i * 4, NATIVE);
        }
        for (; i < n; i++) {
            out.set(FLOAT, oo + i * 4, (float) Scalar.binary(kind, a.get(FLOAT, ao + i * 4), bv));
        }
    }

    private static void f32ScalarA(BinaryKind kind, float av, MemorySegment b, long bo, MemorySegment out, long oo, long n) {
        FloatVector x = FloatVector.broadcast(F, av);
        long i = 0;
        long bound = F.loopBound(n);
        for (; i < bound; i += F.length()) {
            FloatVector y = FloatVector.fromMemorySegment(F, b, bo + i * 4, NATIVE);
            op(kind, x, y).intoMemorySegment(out, oo + i * 4, NATIVE);
        }
        for (; i < n; i++) {
            out.set(FLOAT, oo + i * 4, (float) Scalar.binary(kind, av, b.get(FLOAT, bo + i * 4)));
        }
    }

    /** Comparison writing BOOL; integers compare exactly, everything else as doubles. */
    public static StridedLoop.RowKernel compare(CompareKind kind, DType at, MemorySegment a, DType bt, MemorySegment b,
                                                MemorySegment out) {
        boolean integral = !at.isFloatingPoint() && !bt.isFloatingPoint();
        return (off, n, st) -> {
            for (long i = 0; i < n; i++) {
                boolean r;
                if (integral) {
                    long x = at.getLong(a, off[0] + i * st[0]);
                    long y = bt.getLong(b, off[1] + i * st[1]);
                    r = Scalar.compare(kind, Long.compare(x, y), 0);
                } else {
                    r = Scalar.compare(kind, at.getDouble(a, off[0] + i * st[0]), bt.getDouble(b, off[1] + i * st[1]));
                }
                out.set(ValueLayout.JAVA_BYTE, off[2] + i * st[2], (byte) (r ? 1 : 0));
            }
        };
    }

    /** {@code out = cond ? a : b}, elementwise. */
    public static StridedLoop.RowKernel where(DType ct, MemorySegment cond, DType at, MemorySegment a,
                                              DType bt, MemorySegment b, DType ot, MemorySegment out) {
        boolean exact = !ot.isFloatingPoint();
        return (off, n, st) -> {
            for (long i = 0; i < n; i++) {
                boolean c = ct.getDouble(cond, off[0] + i * st[0]) != 0;
                if (exact) {
                    long v = c ? at.getLong(a, off[1] + i * st[1]) : bt.getLong(b, off[2] + i * st[2]);
                    ot.setLong(out, off[3] + i * st[3], v);
                } else {
                    double v = c ? at.getDouble(a, off[1] + i * st[1]) : bt.getDouble(b, off[2] + i * st[2]);
                    ot.setDouble(out, off[3] + i * st[3], v);
                }
            }
        };
    }
}
