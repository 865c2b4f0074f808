package dev.gatun.tensor.kernels;

import dev.gatun.tensor.BinaryKind;
import dev.gatun.tensor.CompareKind;
import dev.gatun.tensor.UnaryKind;

/** The plain scalar definition of every elementwise function: the reference the vector paths are tested against. */
public final class Scalar {
    private Scalar() {
    }

    /** {@code kind(x)} in double precision ({@code single} is a hint that float accuracy suffices). */
    public static double unary(UnaryKind kind, double x, boolean single) {
        return switch (kind) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case RSQRT -> 1.0 / Math.sqrt(x);
            case ABS -> Math.abs(x);
            case TANH -> Math.tanh(x);
            case SIGMOID -> 1.0 / (1.0 + Math.exp(-x));
            case RELU -> x > 0 ? x : (Double.isNaN(x) ? x : 0.0);
            case ERF -> Erf.erf(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
            case SIGN -> Double.isNaN(x) ? x : Math.signum(x);
        };
    }

    /** {@code a kind b} in double precision. */
    public static double binary(BinaryKind kind, double a, double b) {
        return switch (kind) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.max(a, b);
            case MINIMUM -> Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : Math.min(a, b);
        };
    }

    /** {@code a kind b} exactly, for integer operands ({@code DIV} is not integral and is handled by callers). */
    public static long binary(BinaryKind kind, long a, long b) {
        return switch (kind) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> throw new IllegalArgumentException("integer operands are divided as floats");
            case POW -> powLong(a, b);
            case MAXIMUM -> Math.max(a, b);
            case MINIMUM -> Math.min(a, b);
        };
    }

    private static long powLong(long base, long exp) {
        if (exp < 0) {
            return base == 1 ? 1 : (base == -1 ? ((exp & 1) == 0 ? 1 : -1) : 0);
        }
        long result = 1;
        long b = base;
        long e = exp;
        while (e > 0) {
            if ((e & 1) == 1) {
                result *= b;
            }
            b *= b;
            e >>= 1;
        }
        return result;
    }

    public static boolean compare(CompareKind kind, double a, double b) {
        return switch (kind) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }
}
