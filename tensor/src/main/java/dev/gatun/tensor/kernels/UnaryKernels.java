package dev.gatun.tensor.kernels;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.UnaryKind;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Row kernels for {@link UnaryKind} functions: a Vector API path for contiguous F32, a scalar path for the rest. */
public final class UnaryKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private UnaryKernels() {
    }

    /** A kernel reading operand 0 (type {@code in}) and writing operand 1 (type {@code out}). */
    public static StridedLoop.RowKernel row(UnaryKind kind, DType in, MemorySegment src, DType out, MemorySegment dst) {
        if (in == DType.F32 && out == DType.F32 && vectorizable(kind)) {
            return (off, count, steps) -> {
                if (steps[0] == 4 && steps[1] == 4) {
                    f32Contiguous(kind, src, off[0], dst, off[1], count);
                } else {
                    scalar(kind, in, src, off[0], steps[0], out, dst, off[1], steps[1], count);
                }
            };
        }
        if (!in.isFloatingPoint() && !out.isFloatingPoint()) {
            return (off, count, steps) -> {
                for (long i = 0; i < count; i++) {
                    long x = in.getLong(src, off[0] + i * steps[0]);
                    out.setLong(dst, off[1] + i * steps[1], integer(kind, x));
                }
            };
        }
        return (off, count, steps) -> scalar(kind, in, src, off[0], steps[0], out, dst, off[1], steps[1], count);
    }

    /** The functions that keep integer types, computed exactly (a double cannot hold every I64). */
    private static long integer(UnaryKind kind, long x) {
        return switch (kind) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SIGN -> Long.signum(x);
            case RELU -> Math.max(x, 0);
            default -> throw new AssertionError(kind + " of an integer runs in F32");
        };
    }

    private static boolean vectorizable(UnaryKind kind) {
        return kind != UnaryKind.SIGN;
    }

    private static void f32Contiguous(UnaryKind kind, MemorySegment src, long s, MemorySegment dst, long d, long count) {
        long i = 0;
        long bound = F.loopBound(count);
        int step = F.length();
        for (; i < bound; i += step) {
            FloatVector v = FloatVector.fromMemorySegment(F, src, s + i * 4, ByteOrder.nativeOrder());
            apply(kind, v).intoMemorySegment(dst, d + i * 4, ByteOrder.nativeOrder());
        }
        for (; i < count; i++) {
            dst.set(FLOAT, d + i * 4, (float) Scalar.unary(kind, src.get(FLOAT, s + i * 4), true));
        }
    }

    private static FloatVector apply(UnaryKind kind, FloatVector v) {
        return switch (kind) {
            case NEG -> v.neg();
            case EXP -> v.lanewise(VectorOperators.EXP);
            case LOG -> v.lanewise(VectorOperators.LOG);
            case SQRT -> v.sqrt();
            case RSQRT -> FloatVector.broadcast(F, 1f).div(v.sqrt());
            case ABS -> v.abs();
            case TANH -> v.lanewise(VectorOperators.TANH);
            case SIGMOID -> FloatVector.broadcast(F, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
            case RELU -> v.max(0f);
            case ERF -> Erf.erf(v);
            case SIN -> v.lanewise(VectorOperators.SIN);
            case COS -> v.lanewise(VectorOperators.COS);
            case LOG1P -> v.lanewise(VectorOperators.LOG1P);
            case EXPM1 -> v.lanewise(VectorOperators.EXPM1);
            case SIGN -> throw new AssertionError("sign has no vector path");
        };
    }

    private static void scalar(UnaryKind kind, DType in, MemorySegment src, long s, long ss,
                               DType out, MemorySegment dst, long d, long ds, long count) {
        boolean single = out != DType.F64;
        for (long i = 0; i < count; i++) {
            double x = in.getDouble(src, s + i * ss);
            out.setDouble(dst, d + i * ds, Scalar.unary(kind, x, single));
        }
    }
}
