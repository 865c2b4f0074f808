package dev.gatun.tensor;

import static dev.gatun.tensor.Samples.assertClose;
import static dev.gatun.tensor.Samples.assertExact;
import static dev.gatun.tensor.Samples.assertType;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.tensor.Reference.Nd;
import dev.gatun.tensor.Samples.Layout;
import dev.gatun.tensor.Samples.Sample;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.LongBinaryOperator;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Forward values of every elementwise primitive against {@link Reference}: unary functions, broadcasting
 * binary functions, comparisons, {@code where}, over random shapes (vector main loops and tails), memory
 * layouts and dtypes. Each property draws a seed; the failure report names it.
 */
class ElementwiseForwardProperties {
    private static final DType[] FLOAT_AND_INT = {DType.F32, DType.F32, DType.F64, DType.BF16, DType.F16, DType.I64,
        DType.I32};

    // ---------------------------------------------------------------- unary

    @Property(tries = 40)
    void unaryFunctions(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType dtype = FLOAT_AND_INT[rng.nextInt(FLOAT_AND_INT.length)];
        int[] shape = Samples.shape(rng, rng.nextInt(4), 3000);
        Layout layout = Samples.layout(rng);
        for (UnaryKind kind : UnaryKind.values()) {
            checkUnary(rng, kind, dtype, layout, shape);
        }
    }

    /** Large non-contiguous operands: many rows, so the strided loop splits them across threads. */
    @Example
    void unaryFunctionsOnLargeStridedTensors() {
        Random rng = new Random(1);
        int[] shape = {300, 301};
        checkUnary(rng, UnaryKind.EXP, DType.F32, Layout.TRANSPOSED, shape);
        checkUnary(rng, UnaryKind.ERF, DType.F32, Layout.STEPPED, shape);
        checkUnary(rng, UnaryKind.SIGN, DType.F32, Layout.PERMUTED, shape);
        checkUnary(rng, UnaryKind.TANH, DType.BF16, Layout.TRANSPOSED, shape);
        checkUnary(rng, UnaryKind.ERF, DType.F32, Layout.CONTIGUOUS, new int[] {70_001});
    }

    private static void checkUnary(Random rng, UnaryKind kind, DType dtype, Layout layout, int[] shape) {
        double[] range = domain(kind, dtype);
        Sample x = Samples.uniform(rng, dtype, layout, shape, range[0], range[1]);
        Tensor out = unary(kind, x.tensor());
        boolean keepsType = dtype.isFloatingPoint() || kind == UnaryKind.NEG || kind == UnaryKind.ABS
                || kind == UnaryKind.SIGN || kind == UnaryKind.RELU;
        DType outType = keepsType ? dtype : DType.F32;
        String what = kind + " of " + dtype + " " + layout + " " + java.util.Arrays.toString(shape);
        assertType(outType, out, what);
        Nd expected = Reference.map(x.ref(), v -> reference(kind, v));
        if (kind == UnaryKind.ERF && outType == DType.F32) {
            assertClose(expected, out, 0, 3.5e-7, what);                 // the vector erf's bound (Erf)
        } else {
            assertClose(expected, out, what);
        }
    }

    /** Inputs inside the function's domain and inside the dtype's range. */
    private static double[] domain(UnaryKind kind, DType dtype) {
        boolean integer = !dtype.isFloatingPoint();
        return switch (kind) {
            case LOG, SQRT, RSQRT -> integer ? new double[] {1, 50} : new double[] {0.05, 20};
            case LOG1P -> integer ? new double[] {0, 50} : new double[] {-0.95, 20};
            case EXP, EXPM1 -> dtype == DType.F16 ? new double[] {-8, 8} : new double[] {-20, 20};
            case TANH, SIGMOID, ERF -> new double[] {-6, 6};
            default -> integer ? new double[] {-20, 20} : new double[] {-10, 10};
        };
    }

    static Tensor unary(UnaryKind kind, Tensor x) {
        return switch (kind) {
            case NEG -> x.neg();
            case EXP -> x.exp();
            case LOG -> x.log();
            case SQRT -> x.sqrt();
            case RSQRT -> x.rsqrt();
            case ABS -> x.abs();
            case TANH -> x.tanh();
            case SIGMOID -> x.sigmoid();
            case RELU -> x.relu();
            case ERF -> x.erf();
            case SIN -> x.sin();
            case COS -> x.cos();
            case LOG1P -> x.log1p();
            case EXPM1 -> x.expm1();
            case SIGN -> x.sign();
        };
    }

    static double reference(UnaryKind kind, double v) {
        return switch (kind) {
            case NEG -> -v;
            case EXP -> Math.exp(v);
            case LOG -> Math.log(v);
            case SQRT -> Math.sqrt(v);
            case RSQRT -> 1 / Math.sqrt(v);
            case ABS -> Math.abs(v);
            case TANH -> Math.tanh(v);
            case SIGMOID -> 1 / (1 + Math.exp(-v));
            case RELU -> Double.isNaN(v) ? v : Math.max(v, 0);
            case ERF -> Reference.erf(v);
            case SIN -> Math.sin(v);
            case COS -> Math.cos(v);
            case LOG1P -> Math.log1p(v);
            case EXPM1 -> Math.expm1(v);
            case SIGN -> Math.signum(v);
        };
    }

    /** NaN, infinities, zeros and huge values, placed in both the vector body and the scalar tail. */
    @Example
    void unaryFunctionsOfSpecialValues() {
        double[] specials = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0.0, -0.0, 1e30, -1e30,
            1e-30, -1, 1, 88, -88, 100, -100};
        double[] values = new double[37];
        for (int i = 0; i < values.length; i++) {
            values[i] = specials[i % specials.length];
        }
        for (DType dtype : new DType[] {DType.F32, DType.F64}) {
            Tensor x = Tensor.of(values).to(dtype);
            Nd xs = new Nd(new int[] {values.length}, x.toDoubleArray());
            for (UnaryKind kind : UnaryKind.values()) {
                Nd expected = Reference.map(xs, v -> dtype == DType.F32 ? (float) reference(kind, v) : reference(kind, v));
                double abs = kind == UnaryKind.ERF && dtype == DType.F32 ? 3.5e-7 : Samples.abs(dtype);
                assertClose(expected, unary(kind, x), Samples.rel(dtype), abs, kind + " of specials in " + dtype);
            }
        }
    }

    @Example
    void negAbsSignReluOfLongsAreExact() {
        long big = (1L << 53) + 1;
        long[] values = {big, -big, Long.MAX_VALUE, Long.MIN_VALUE + 1, 0, -7, (1L << 62) + 3};
        Tensor x = Tensor.of(values);
        int[] shape = {values.length};
        assertExact(shape, java.util.Arrays.stream(values).map(v -> -v).toArray(), x.neg(), "neg");
        assertExact(shape, java.util.Arrays.stream(values).map(Math::abs).toArray(), x.abs(), "abs");
        assertExact(shape, java.util.Arrays.stream(values).map(Long::signum).toArray(), x.sign(), "sign");
        assertExact(shape, java.util.Arrays.stream(values).map(v -> Math.max(v, 0)).toArray(), x.relu(), "relu");
        assertType(DType.I64, x.neg(), "neg of I64");
    }

    // ---------------------------------------------------------------- binary

    private static final DType[][] TYPE_PAIRS = {
        {DType.F32, DType.F32}, {DType.F32, DType.F32}, {DType.F64, DType.F64}, {DType.BF16, DType.BF16},
        {DType.F16, DType.F16}, {DType.F32, DType.BF16}, {DType.F16, DType.BF16}, {DType.I64, DType.F32},
        {DType.I32, DType.F64}, {DType.F32, DType.F64}, {DType.BF16, DType.I32}, {DType.I64, DType.I64},
        {DType.I32, DType.I64}, {DType.BOOL, DType.F32}};

    @Property(tries = 40)
    void binaryFunctionsBroadcastBothWays(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType[] types = TYPE_PAIRS[rng.nextInt(TYPE_PAIRS.length)];
        int[] sa = Samples.shape(rng, rng.nextInt(4), 2000);
        int[] sb = Samples.broadcastPartner(rng, sa);
        if (rng.nextBoolean()) {
            int[] t = sa;
            sa = sb;
            sb = t;
        }
        Layout la = Samples.layout(rng);
        Layout lb = Samples.layout(rng);
        for (BinaryKind kind : BinaryKind.values()) {
            boolean pow = kind == BinaryKind.POW;
            boolean integers = !types[0].isFloatingPoint() && !types[1].isFloatingPoint();
            Sample a = Samples.uniform(rng, types[0], la, sa, pow ? (integers ? 0 : 0.1) : -8, pow ? 4 : 8);
            // Divisors stay away from zero: a quotient past F16's range is infinite there, as it should be,
            // while the double-precision reference is finite.
            double bLow = kind == BinaryKind.DIV ? 0.5 : pow ? (integers ? 0 : -2) : -8;
            Sample b = Samples.uniform(rng, types[1], lb, sb, bLow, pow ? (integers ? 5 : 2) : 8);
            checkBinary(kind, a, b);
        }
    }

    @Example
    void binaryFunctionsOnLargeStridedTensors() {
        Random rng = new Random(2);
        int[] shape = {300, 301};
        Sample a = Samples.uniform(rng, DType.F32, Layout.TRANSPOSED, shape, -4, 4);
        checkBinary(BinaryKind.ADD, a, Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, shape, 0.5, 4));
        checkBinary(BinaryKind.DIV, a, Samples.uniform(rng, DType.F32, Layout.STEPPED, new int[] {301}, 0.5, 4));
        checkBinary(BinaryKind.MAXIMUM, Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {300, 1}, 0.5, 4), a);
        checkBinary(BinaryKind.MUL, a, Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[0], 0.5, 4));
        checkBinary(BinaryKind.SUB, Samples.uniform(rng, DType.BF16, Layout.PERMUTED, shape, -4, 4),
                Samples.uniform(rng, DType.F64, Layout.EXPANDED, shape, -4, 4));
        Sample flat = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {70_001}, -4, 4);
        checkBinary(BinaryKind.MUL, flat, Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {70_001}, -4, 4));
        checkBinary(BinaryKind.SUB, Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[0], -4, 4), flat);
    }

    private static void checkBinary(BinaryKind kind, Sample a, Sample b) {
        DType ta = a.tensor().dtype();
        DType tb = b.tensor().dtype();
        Tensor out = binary(kind, a.tensor(), b.tensor());
        DType outType = promote(ta, tb);
        if (kind == BinaryKind.DIV && !outType.isFloatingPoint()) {
            outType = DType.F32;
        }
        String what = kind + " of " + ta + java.util.Arrays.toString(a.ref().shape()) + " and " + tb
                + java.util.Arrays.toString(b.ref().shape());
        assertType(outType, out, what);
        if (!outType.isFloatingPoint()) {
            assertExact(Reference.broadcastShape(a.ref().shape(), b.ref().shape()),
                    longs(Reference.zip(a.ref(), b.ref(), (x, y) -> reference(kind, x, y))), out, what);
            return;
        }
        assertClose(Reference.zip(a.ref(), b.ref(), (x, y) -> reference(kind, x, y)), out, what);
    }

    private static long[] longs(Nd x) {
        long[] out = new long[x.data().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (long) x.data()[i];
        }
        return out;
    }

    static Tensor binary(BinaryKind kind, Tensor a, Tensor b) {
        return switch (kind) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> a.pow(b);
            case MAXIMUM -> a.maximum(b);
            case MINIMUM -> a.minimum(b);
        };
    }

    static double reference(BinaryKind kind, double a, double b) {
        return switch (kind) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAXIMUM -> Reference.max(a, b);
            case MINIMUM -> Reference.min(a, b);
        };
    }

    /** PyTorch's promotion of two tensors: floating point wins, then the wider type; F16 with BF16 is F32. */
    static DType promote(DType a, DType b) {
        if (a == b) {
            return a;
        }
        if (a.isFloatingPoint() != b.isFloatingPoint()) {
            return a.isFloatingPoint() ? a : b;
        }
        if (a.isFloatingPoint()) {
            return a == DType.F64 || b == DType.F64 ? DType.F64 : DType.F32;
        }
        java.util.List<DType> order = java.util.List.of(DType.BOOL, DType.I8, DType.I32, DType.I64);
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    @Example
    void scalarOperandsFollowTensorType() {
        Tensor f = Tensor.of(new float[] {1.5f, -2f, 4f});
        assertClose(Reference.nd(new double[] {2.25, -1.25, 4.75}, 3), f.add(0.75), "f32 + 0.75");
        assertClose(Reference.nd(new double[] {-2.5, -6, 0}, 3), f.sub(4), "f32 - 4");
        assertClose(Reference.nd(new double[] {0.75, -1, 2}, 3), f.mul(0.5), "f32 * 0.5");
        assertClose(Reference.nd(new double[] {6, -8, 16}, 3), f.div(0.25), "f32 / 0.25");
        assertClose(Reference.nd(new double[] {2.25, 4, 16}, 3), f.pow(2), "f32 ^ 2");
        assertType(DType.F32, f.add(0.75), "f32 + scalar");
        Tensor h = f.to(DType.BF16);
        assertType(DType.BF16, h.mul(3), "bf16 * scalar");
        Tensor i = Tensor.of(new long[] {3, -4, 7});
        assertType(DType.I64, i.add(2), "i64 + 2");
        assertExact(new int[] {3}, new long[] {5, -2, 9}, i.add(2), "i64 + 2");
        assertExact(new int[] {3}, new long[] {9, 16, 49}, i.pow(2), "i64 ^ 2");
        assertType(DType.F32, i.mul(0.5), "i64 * 0.5");
        assertClose(Reference.nd(new double[] {1.5, -2, 3.5}, 3), i.mul(0.5), "i64 * 0.5");
        assertType(DType.F32, i.div(2), "i64 / 2 is true division");
        assertClose(Reference.nd(new double[] {1.5, -2, 3.5}, 3), i.div(2), "i64 / 2");
    }

    // ---------------------------------------------------------------- integers

    @Property(tries = 30)
    void integerArithmeticIsExact(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType[][] pairs = {{DType.I64, DType.I64}, {DType.I64, DType.I32}, {DType.I32, DType.I32}, {DType.I32, DType.I64}};
        DType[] types = pairs[rng.nextInt(pairs.length)];
        int[] sa = Samples.shape(rng, 1 + rng.nextInt(3), 2000);
        int[] sb = Samples.broadcastPartner(rng, sa);
        if (rng.nextBoolean()) {
            int[] t = sa;
            sa = sb;
            sb = t;
        }
        int[] shape = Reference.broadcastShape(sa, sb);
        Sample a = Samples.integers(types[0], Samples.layout(rng), sa, () -> bigValue(rng, types[0]));
        Sample b = Samples.integers(types[1], Samples.layout(rng), sb, () -> bigValue(rng, types[1]));
        DType outType = promote(types[0], types[1]);
        checkExact(BinaryKind.ADD, a, b, shape, outType, Long::sum);
        checkExact(BinaryKind.SUB, a, b, shape, outType, (x, y) -> x - y);
        checkExact(BinaryKind.MUL, a, b, shape, outType, (x, y) -> x * y);
        checkExact(BinaryKind.MAXIMUM, a, b, shape, outType, Math::max);
        checkExact(BinaryKind.MINIMUM, a, b, shape, outType, Math::min);
        Sample base = Samples.integers(types[0], Layout.CONTIGUOUS, sa, () -> rng.nextInt(25) - 12);
        Sample exponent = Samples.integers(types[1], Layout.CONTIGUOUS, sb, () -> rng.nextInt(13));
        checkExact(BinaryKind.POW, base, exponent, shape, outType, ElementwiseForwardProperties::power);
        // Integer division is true division into F32, as in PyTorch.
        Tensor quotient = a.tensor().div(b.tensor());
        assertType(DType.F32, quotient, "int / int");
        assertClose(Reference.zip(a.ref(), b.ref(), (x, y) -> (float) (x / y)), quotient, 0, 0, "int / int");
    }

    private static long bigValue(Random rng, DType type) {
        if (type == DType.I32) {
            return rng.nextInt();
        }
        return switch (rng.nextInt(3)) {
            case 0 -> rng.nextLong();
            case 1 -> (1L << 53) + rng.nextInt(5) - 2;
            default -> rng.nextInt(1000) - 500;
        };
    }

    private static long power(long base, long exponent) {
        long r = 1;
        for (long i = 0; i < exponent; i++) {
            r *= base;
        }
        return r;
    }

    private static void checkExact(BinaryKind kind, Sample a, Sample b, int[] shape, DType outType, LongBinaryOperator f) {
        Tensor out = binary(kind, a.tensor(), b.tensor());
        String what = kind + " of " + a.tensor().dtype() + " and " + b.tensor().dtype();
        assertType(outType, out, what);
        long[] expected = new long[Reference.count(shape)];
        for (int i = 0; i < expected.length; i++) {
            int[] index = Reference.unravel(i, shape);
            long r = f.applyAsLong(a.exact()[Reference.broadcastIndex(index, a.ref().shape())],
                    b.exact()[Reference.broadcastIndex(index, b.ref().shape())]);
            expected[i] = outType == DType.I32 ? (int) r : r;
        }
        assertExact(shape, expected, out, what);
    }

    // ---------------------------------------------------------------- comparisons and where

    @Property(tries = 30)
    void comparisonsGiveBooleans(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType[] types = TYPE_PAIRS[rng.nextInt(TYPE_PAIRS.length)];
        int[] sa = Samples.shape(rng, rng.nextInt(4), 2000);
        int[] sb = Samples.broadcastPartner(rng, sa);
        if (rng.nextBoolean()) {
            int[] t = sa;
            sa = sb;
            sb = t;
        }
        // Few distinct values so that equal elements are common; NaN among them for floats.
        Sample a = small(rng, types[0], sa);
        Sample b = small(rng, types[1], sb);
        for (CompareKind kind : CompareKind.values()) {
            Tensor out = compare(kind, a.tensor(), b.tensor());
            assertType(DType.BOOL, out, kind.toString());
            assertClose(Reference.zip(a.ref(), b.ref(), (x, y) -> reference(kind, x, y) ? 1 : 0), out, 0, 0,
                    kind + " of " + types[0] + " and " + types[1]);
        }
    }

    private static Sample small(Random rng, DType type, int[] shape) {
        if (!type.isFloatingPoint()) {
            return Samples.uniform(rng, type, Samples.layout(rng), shape, -2, 2);
        }
        return Samples.floats(type, Samples.layout(rng), shape,
                () -> rng.nextInt(8) == 0 ? Double.NaN : rng.nextInt(5) - 2 + (rng.nextBoolean() ? 0.5 : 0));
    }

    static Tensor compare(CompareKind kind, Tensor a, Tensor b) {
        return switch (kind) {
            case EQ -> a.eq(b);
            case NE -> a.ne(b);
            case LT -> a.lt(b);
            case LE -> a.le(b);
            case GT -> a.gt(b);
            case GE -> a.ge(b);
        };
    }

    static boolean reference(CompareKind kind, double a, double b) {
        return switch (kind) {
            case EQ -> a == b;
            case NE -> a != b;
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
        };
    }

    @Example
    void comparisonsOfLongsBeyondDoublePrecisionAreExact() {
        long big = 1L << 53;
        Tensor a = Tensor.of(new long[] {big, big + 1, Long.MAX_VALUE, Long.MAX_VALUE - 1});
        Tensor b = Tensor.of(new long[] {big + 1, big, Long.MAX_VALUE - 1, Long.MAX_VALUE});
        assertExact(new int[] {4}, new long[] {0, 0, 0, 0}, a.eq(b), "eq");
        assertExact(new int[] {4}, new long[] {1, 0, 0, 1}, a.lt(b), "lt");
        assertExact(new int[] {4}, new long[] {0, 1, 1, 0}, a.gt(b), "gt");
    }

    @Property(tries = 30)
    void whereAndMaskedFillSelectElements(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType[] types = TYPE_PAIRS[rng.nextInt(TYPE_PAIRS.length)];
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 2000);
        int[][] shapes = {shape, Samples.broadcastPartner(rng, shape), Samples.broadcastPartner(rng, shape)};
        int first = rng.nextInt(3);
        int[] tmp = shapes[0];
        shapes[0] = shapes[first];
        shapes[first] = tmp;
        Sample cond = Samples.uniform(rng, DType.BOOL, Samples.layout(rng), shapes[0], 0, 1);
        Sample a = Samples.uniform(rng, types[0], Samples.layout(rng), shapes[1], -5, 5);
        Sample b = Samples.uniform(rng, types[1], Samples.layout(rng), shapes[2], -5, 5);
        Tensor out = Tensor.where(cond.tensor(), a.tensor(), b.tensor());
        assertType(promote(types[0], types[1]), out, "where");
        assertClose(Reference.where(cond.ref(), a.ref(), b.ref()), out, "where of " + types[0] + ", " + types[1]);

        Sample x = Samples.uniform(rng, types[0], Samples.layout(rng), shape, -5, 5);
        Sample mask = Samples.uniform(rng, DType.BOOL, Samples.layout(rng), Samples.broadcastPartner(rng, shape), 0, 1);
        double value = types[0].isFloatingPoint() ? -2.5 : -3;
        Tensor filled = x.tensor().maskedFill(mask.tensor(), value);
        assertType(types[0], filled, "maskedFill keeps the dtype");
        double stored = types[0] == DType.BOOL ? 1 : value;
        assertClose(Reference.where(mask.ref(), Reference.scalar(stored), x.ref()), filled, "maskedFill of " + types[0]);
    }

    @Example
    void maskedFillKeepsIntegerTypes() {
        Tensor mask = Tensor.of(new long[] {1, 0, 1}).to(DType.BOOL);
        Tensor i32 = Tensor.of(new long[] {4, 5, 6}).to(DType.I32);
        assertType(DType.I32, i32.maskedFill(mask, -1), "I32 maskedFill");
        assertExact(new int[] {3}, new long[] {-1, 5, -1}, i32.maskedFill(mask, -1), "I32 maskedFill");
        assertExact(new int[] {3}, new long[] {2, 5, 2}, i32.maskedFill(mask, 2.5), "a fraction is truncated");
        long big = (1L << 53) + 1;
        Tensor longs = Tensor.of(new long[] {big, big, big});
        assertExact(new int[] {3}, new long[] {0, big, 0}, longs.maskedFill(mask, 0), "I64 maskedFill is exact");
        Tensor h = Tensor.of(new float[] {1, 2, 3}).to(DType.BF16);
        assertType(DType.BF16, h.maskedFill(mask, Double.NEGATIVE_INFINITY), "BF16 maskedFill");
        assertEquals(Double.NEGATIVE_INFINITY, h.maskedFill(mask, Double.NEGATIVE_INFINITY).getDouble(0));
    }

    @Example
    void whereOfLongsIsExact() {
        long big = (1L << 53) + 1;
        Tensor cond = Tensor.of(new long[] {1, 0, 1}).to(DType.BOOL);
        Tensor out = Tensor.where(cond, Tensor.of(new long[] {big, big, -big}), Tensor.scalar(DType.I64, 5));
        assertExact(new int[] {3}, new long[] {big, 5, -big}, out, "where");
    }

    // ---------------------------------------------------------------- in place

    /** A base tensor, a view of part of it, and where each view element lives in the base. */
    private record Window(String name, int[] baseShape, java.util.function.UnaryOperator<Tensor> view,
                          java.util.function.UnaryOperator<int[]> toBase) {
    }

    private static Window[] windows(int r, int c) {
        return new Window[] {
            new Window("stepped", new int[] {r, 2 * c + 1}, t -> t.slice(1, 1, 2 * c + 1, 2),
                    i -> new int[] {i[0], 1 + 2 * i[1]}),
            new Window("transposed", new int[] {c, r}, Tensor::mT, i -> new int[] {i[1], i[0]}),
            new Window("narrowed", new int[] {r + 3, c}, t -> t.narrow(0, 2, r), i -> new int[] {i[0] + 2, i[1]}),
            new Window("selected", new int[] {r, c, 2}, t -> t.select(2, -1), i -> new int[] {i[0], i[1], 1}),
            new Window("contiguous", new int[] {r, c}, t -> t, int[]::clone)};
    }

    @Property(tries = 20)
    void inPlaceOpsWriteOnlyTheirView(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType[] types = {DType.F32, DType.F32, DType.F64, DType.BF16, DType.I64};
        DType dtype = types[rng.nextInt(types.length)];
        int r = 1 + rng.nextInt(9);
        int c = Samples.SIZES[rng.nextInt(Samples.SIZES.length)];
        for (Window w : windows(r, c)) {
            checkInPlaceOps(rng, dtype, w, r, c);
        }
    }

    /** Views of more than 65536 elements in many rows: the in-place kernels run on several threads. */
    @Example
    void inPlaceOpsOnLargeViews() {
        Random rng = new Random(10);
        Window[] all = windows(300, 301);
        checkInPlaceOps(rng, DType.F32, all[0], 300, 301);
        checkInPlaceOps(rng, DType.F32, all[1], 300, 301);
    }

    private static void checkInPlaceOps(Random rng, DType dtype, Window w, int r, int c) {
        int[] otherShape = switch (rng.nextInt(4)) {
            case 0 -> new int[] {c};
            case 1 -> new int[] {r, 1};
            case 2 -> new int[0];
            default -> new int[] {r, c};
        };
        Sample other = Samples.uniform(rng, dtype == DType.I64 ? DType.I64 : DType.F32, Samples.layout(rng),
                otherShape, -4, 4);
        checkInPlace(rng, dtype, w, "add_", v -> v.add_(other.tensor()),
                (old, i) -> old + other.ref().data()[Reference.broadcastIndex(i, otherShape)]);
        double factor = dtype == DType.I64 ? 3 : -1.5;
        checkInPlace(rng, dtype, w, "mul_", v -> v.mul_(factor), (old, i) -> old * factor);
        checkInPlace(rng, dtype, w, "copy_", v -> v.copy_(other.tensor()),
                (old, i) -> other.ref().data()[Reference.broadcastIndex(i, otherShape)]);
        checkInPlace(rng, dtype, w, "fill_", v -> v.fill_(7), (old, i) -> 7);
    }

    private interface Update {
        double apply(double old, int[] viewIndex);
    }

    private static void checkInPlace(Random rng, DType dtype, Window w, String op,
                                     java.util.function.Consumer<Tensor> update, Update expected) {
        Sample base = Samples.uniform(rng, dtype, Layout.CONTIGUOUS, w.baseShape, -4, 4);
        Tensor view = w.view.apply(base.tensor());
        int[] viewShape = view.shape();
        double[] want = base.ref().data().clone();
        for (int i = 0; i < Reference.count(viewShape); i++) {
            int[] vi = Reference.unravel(i, viewShape);
            int at = Reference.ravel(w.toBase.apply(vi), w.baseShape);
            want[at] = expected.apply(want[at], vi);
        }
        update.accept(view);
        Nd expectedBase = new Nd(w.baseShape, want);
        String what = op + " on a " + w.name + " " + dtype + " view of " + java.util.Arrays.toString(w.baseShape);
        switch (dtype) {
            case I64 -> assertClose(expectedBase, base.tensor(), 0, 0, what);
            // The operand is rounded to BF16 before the sum is: two roundings of up to 2^-9 of values below 8.
            case BF16 -> assertClose(expectedBase, base.tensor(), 1e-2, 0.05, what);
            default -> assertClose(expectedBase, base.tensor(), what);
        }
    }

    @Example
    void copyBroadcastsAndConverts() {
        Tensor dst = Tensor.zeros(DType.BF16, 2, 3);
        dst.copy_(Tensor.of(new double[] {1.5, -2.25, 3}));
        assertClose(Reference.nd(new double[] {1.5, -2.25, 3, 1.5, -2.25, 3}, 2, 3), dst, "copy_ broadcast row");
        Tensor ints = Tensor.zeros(DType.I64, 4);
        ints.copy_(Tensor.of(new float[] {1.9f, -1.9f, 0.5f, 7f}));
        assertExact(new int[] {4}, new long[] {1, -1, 0, 7}, ints, "float to int copy truncates toward zero");
        assertEquals(3.0, Tensor.zeros(2, 2).fill_(3).sum().item() / 4);
    }
}
