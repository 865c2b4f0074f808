package dev.gatun.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gatun.tensor.Reference.Nd;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * Random test tensors laid out in memory in the awkward ways ops must handle, each with its values as a
 * {@link Nd} for {@link Reference}, and the comparisons with dtype-dependent tolerances.
 *
 * <p>Every layout is built as a view of a larger or permuted "physical" tensor filled with random values;
 * the values the view must see are worked out with index arithmetic here, so a view or kernel that reads
 * the wrong element (a gap of a stepped slice, a wrong stride) shows up as a wrong value.
 */
final class Samples {
    /** Awkward sizes: a vector tail only, a full vector plus tail, many vectors, and enough for several threads. */
    static final int[] SIZES = {1, 7, 31, 33, 1031};

    private Samples() {
    }

    enum Layout {
        /** Row-major, no gaps. */
        CONTIGUOUS,
        /** The last two dimensions swapped in memory ({@code mT()} of a contiguous tensor). */
        TRANSPOSED,
        /** Every second element along the last dimension, starting at 1 ({@code x[..., 1::2]}). */
        STEPPED,
        /** Rows 2.. of a taller tensor (a non-zero offset). */
        NARROWED,
        /** A size-1 dimension expanded with stride 0. */
        EXPANDED,
        /** All dimensions reversed in memory ({@code permute(n-1, ..., 0)}). */
        PERMUTED
    }

    /** A tensor and the values it holds in row-major order; {@code exact} holds them as longs for integer dtypes. */
    record Sample(Tensor tensor, Nd ref, long[] exact) {
    }

    /** Uniform floats in [lo, hi), or uniform integers in [lo, hi] for integer dtypes (0/1 for BOOL). */
    static Sample uniform(Random rng, DType dtype, Layout layout, int[] shape, double lo, double hi) {
        if (dtype == DType.BOOL) {
            return integers(dtype, layout, shape, () -> rng.nextInt(2));
        }
        if (!dtype.isFloatingPoint()) {
            long l = (long) Math.ceil(lo);
            long h = (long) Math.floor(hi);
            return integers(dtype, layout, shape, () -> l + rng.nextLong(h - l + 1));
        }
        return floats(dtype, layout, shape, () -> lo + (hi - lo) * rng.nextDouble());
    }

    static Sample floats(DType dtype, Layout layout, int[] shape, java.util.function.DoubleSupplier values) {
        Plan plan = plan(layout, shape);
        Tensor physical = Tensor.zeros(dtype, plan.physical);
        MemorySegment memory = physical.segment();
        int size = dtype.byteSize();
        double[] stored = new double[Reference.count(plan.physical)];
        for (int i = 0; i < stored.length; i++) {
            dtype.setDouble(memory, (long) i * size, values.getAsDouble());
            stored[i] = dtype.getDouble(memory, (long) i * size);
        }
        double[] logical = new double[Reference.count(shape)];
        for (int i = 0; i < logical.length; i++) {
            logical[i] = stored[Reference.ravel(plan.map.apply(Reference.unravel(i, shape)), plan.physical)];
        }
        return new Sample(plan.view.apply(physical), new Nd(shape.clone(), logical), null);
    }

    static Sample integers(DType dtype, Layout layout, int[] shape, LongSupplier values) {
        Plan plan = plan(layout, shape);
        Tensor physical = Tensor.zeros(dtype, plan.physical);
        MemorySegment memory = physical.segment();
        int size = dtype.byteSize();
        long[] stored = new long[Reference.count(plan.physical)];
        for (int i = 0; i < stored.length; i++) {
            dtype.setLong(memory, (long) i * size, values.getAsLong());
            stored[i] = dtype.getLong(memory, (long) i * size);
        }
        long[] exact = new long[Reference.count(shape)];
        double[] logical = new double[exact.length];
        for (int i = 0; i < exact.length; i++) {
            exact[i] = stored[Reference.ravel(plan.map.apply(Reference.unravel(i, shape)), plan.physical)];
            logical[i] = exact[i];
        }
        return new Sample(plan.view.apply(physical), new Nd(shape.clone(), logical), exact);
    }

    /** Every element of {@code t} in row-major order, read straight from its memory through its strides and offset. */
    static double[] read(Tensor t) {
        return walk(t, false).doubles;
    }

    static long[] readLongs(Tensor t) {
        return walk(t, true).longs;
    }

    private record Values(double[] doubles, long[] longs) {
    }

    private static Values walk(Tensor t, boolean exact) {
        int[] shape = t.shape();
        long[] strides = t.strides();
        DType type = t.dtype();
        MemorySegment memory = t.segment();
        int size = type.byteSize();
        int n = Reference.count(shape);
        double[] doubles = exact ? null : new double[n];
        long[] longs = exact ? new long[n] : null;
        int[] index = new int[shape.length];
        long at = t.offset();
        for (int i = 0; i < n; i++) {
            if (exact) {
                longs[i] = type.getLong(memory, at * size);
            } else {
                doubles[i] = type.getDouble(memory, at * size);
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                at += strides[d];
                if (++index[d] < shape[d]) {
                    break;
                }
                at -= strides[d] * shape[d];
                index[d] = 0;
            }
        }
        return new Values(doubles, longs);
    }

    /** A contiguous F64 tensor holding exactly {@code x}'s values. */
    static Tensor tensor(Nd x) {
        Tensor t = Tensor.of(x.data().clone(), x.shape().length == 0 ? new int[] {1} : x.shape());
        return x.shape().length == 0 ? t.reshape() : t;
    }

    /** The physical shape, the map from a logical index to a physical one, and the view that realises it. */
    private record Plan(int[] physical, UnaryOperator<int[]> map, UnaryOperator<Tensor> view) {
    }

    private static Plan plan(Layout layout, int[] shape) {
        int rank = shape.length;
        int last = rank - 1;
        Layout l = layout;
        if ((l == Layout.TRANSPOSED || l == Layout.PERMUTED) && rank < 2) {
            l = Layout.STEPPED;
        }
        int expandDim = firstAbove(shape, 1);
        if (rank == 0 || (l == Layout.EXPANDED && expandDim < 0)) {
            l = Layout.CONTIGUOUS;
        }
        switch (l) {
            case TRANSPOSED -> {
                return new Plan(swapLast(shape), Samples::swapLast, Tensor::mT);
            }
            case STEPPED -> {
                int[] p = shape.clone();
                int n = shape[last];
                p[last] = 2 * n + 1;
                return new Plan(p, i -> {
                    int[] j = i.clone();
                    j[last] = 1 + 2 * i[last];
                    return j;
                }, t -> t.slice(-1, 1, 2 * n + 1, 2));
            }
            case NARROWED -> {
                int[] p = shape.clone();
                p[0] += 3;
                return new Plan(p, i -> {
                    int[] j = i.clone();
                    j[0] += 2;
                    return j;
                }, t -> t.narrow(0, 2, shape[0]));
            }
            case EXPANDED -> {
                int[] p = shape.clone();
                p[expandDim] = 1;
                return new Plan(p, i -> {
                    int[] j = i.clone();
                    j[expandDim] = 0;
                    return j;
                }, t -> t.expand(shape));
            }
            case PERMUTED -> {
                int[] reversed = new int[rank];
                for (int i = 0; i < rank; i++) {
                    reversed[i] = rank - 1 - i;
                }
                return new Plan(reverse(shape), Samples::reverse, t -> t.permute(reversed));
            }
            default -> {
                return new Plan(shape.clone(), int[]::clone, t -> t);
            }
        }
    }

    private static int firstAbove(int[] shape, int size) {
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] > size) {
                return i;
            }
        }
        return -1;
    }

    private static int[] swapLast(int[] s) {
        int[] t = s.clone();
        t[s.length - 1] = s[s.length - 2];
        t[s.length - 2] = s[s.length - 1];
        return t;
    }

    private static int[] reverse(int[] s) {
        int[] t = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            t[i] = s[s.length - 1 - i];
        }
        return t;
    }

    // ---------------------------------------------------------------- random shapes

    /** A random shape of the given rank whose sizes are mostly small, one of them possibly awkward. */
    static int[] shape(Random rng, int rank, int maxElements) {
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = 1 + rng.nextInt(4);
        }
        if (rank > 0 && rng.nextBoolean()) {
            int d = rng.nextInt(rank);
            int size = SIZES[rng.nextInt(SIZES.length)];
            long rest = Reference.count(s) / s[d];
            s[d] = (int) Math.max(1, Math.min(size, maxElements / rest));
        }
        return s;
    }

    /** A shape that broadcasts with {@code s}: some leading dimensions dropped, some sizes set to 1. */
    static int[] broadcastPartner(Random rng, int[] s) {
        int drop = s.length == 0 ? 0 : rng.nextInt(s.length + 1);
        int[] b = Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < b.length; i++) {
            if (rng.nextInt(3) == 0) {
                b[i] = 1;
            }
        }
        return b;
    }

    static Layout layout(Random rng) {
        Layout[] all = Layout.values();
        return all[rng.nextInt(all.length)];
    }

    // ---------------------------------------------------------------- comparisons

    /** Relative tolerance of values computed in {@code dtype} (one rounding plus a few ulps of vector math). */
    static double rel(DType dtype) {
        return switch (dtype) {
            case F64 -> 1e-12;
            case F32 -> 1e-6;
            case F16 -> 2e-3;
            case BF16 -> 1e-2;
            default -> 0;
        };
    }

    /** Absolute tolerance near zero, where relative error means little. */
    static double abs(DType dtype) {
        return switch (dtype) {
            case F64 -> 1e-13;
            case F32 -> 1e-7;
            case F16 -> 1e-5;
            case BF16 -> 1e-4;
            default -> 0;
        };
    }

    static boolean close(double expected, double got, double rel, double abs) {
        if (Double.isNaN(expected)) {
            return Double.isNaN(got);
        }
        if (Double.isInfinite(expected)) {
            return expected == got;
        }
        return Math.abs(expected - got) <= abs + rel * Math.abs(expected);
    }

    static void assertClose(Nd expected, Tensor got, String what) {
        assertClose(expected, got, rel(got.dtype()), abs(got.dtype()), what);
    }

    /** Shape and every element, read from memory through the tensor's strides. */
    static void assertClose(Nd expected, Tensor got, double rel, double abs, String what) {
        assertArrayEquals(expected.shape(), got.shape(), () -> what + ": shape");
        double[] values = read(got);
        for (int i = 0; i < expected.data().length; i++) {
            double g = values[i];
            double e = expected.data()[i];
            if (!close(e, g, rel, abs)) {
                int[] index = Reference.unravel(i, expected.shape());
                fail(what + ": element " + Arrays.toString(index) + " of shape " + Arrays.toString(expected.shape())
                        + " is " + g + ", expected " + e + " (" + got.dtype() + ")");
            }
        }
    }

    /** Shape and every element, each within its own tolerance {@code tolerance[i]}. */
    static void assertWithin(Nd expected, double[] tolerance, Tensor got, String what) {
        assertArrayEquals(expected.shape(), got.shape(), () -> what + ": shape");
        double[] values = read(got);
        for (int i = 0; i < expected.data().length; i++) {
            double g = values[i];
            if (!close(expected.data()[i], g, 0, tolerance[i])) {
                int[] index = Reference.unravel(i, expected.shape());
                fail(what + ": element " + Arrays.toString(index) + " of shape " + Arrays.toString(expected.shape())
                        + " is " + g + ", expected " + expected.data()[i] + " within " + tolerance[i] + " ("
                        + got.dtype() + ")");
            }
        }
    }

    /** Shape and every element exactly, read as longs. */
    static void assertExact(int[] shape, long[] expected, Tensor got, String what) {
        assertArrayEquals(shape, got.shape(), () -> what + ": shape");
        long[] values = readLongs(got);
        for (int i = 0; i < expected.length; i++) {
            if (values[i] != expected[i]) {
                fail(what + ": element " + Arrays.toString(Reference.unravel(i, shape)) + " is " + values[i]
                        + ", expected " + expected[i]);
            }
        }
    }

    static void assertType(DType expected, Tensor got, String what) {
        assertEquals(expected, got.dtype(), () -> what + ": dtype");
    }
}
