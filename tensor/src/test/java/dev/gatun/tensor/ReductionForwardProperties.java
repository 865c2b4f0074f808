package dev.gatun.tensor;

import static dev.gatun.tensor.Samples.assertClose;
import static dev.gatun.tensor.Samples.assertExact;
import static dev.gatun.tensor.Samples.assertType;
import static dev.gatun.tensor.Samples.assertWithin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Reference.Nd;
import dev.gatun.tensor.Samples.Layout;
import dev.gatun.tensor.Samples.Sample;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Forward values of sum, mean, max, min, var, argmax and argmin against {@link Reference}: lists of
 * dimensions (negative ones too), keepdim, every dtype, non-contiguous inputs and NaN propagation.
 */
class ReductionForwardProperties {
    private static final DType[] TYPES = {DType.F32, DType.F32, DType.F64, DType.BF16, DType.F16, DType.I64, DType.I32,
        DType.BOOL};

    /** Error of summing in {@code dtype}, per unit of the summed magnitudes. */
    private static double accumulation(DType dtype) {
        return switch (dtype) {
            case F32 -> 1e-6;
            case F64 -> 1e-14;
            default -> 1e-6;
        };
    }

    @Property(tries = 50)
    void sumMeanMaxMinVar(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType dtype = TYPES[rng.nextInt(TYPES.length)];
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(4), 3000);
        int[] dims = randomDims(rng, shape.length);
        boolean keepdim = rng.nextBoolean();
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -10, 10);
        String what = dtype + " " + Arrays.toString(shape) + " over " + Arrays.toString(dims) + (keepdim ? " keepdim" : "");
        Tensor t = x.tensor();
        boolean integer = !dtype.isFloatingPoint();

        Tensor sum = t.sum(dims, keepdim);
        assertType(integer ? DType.I64 : dtype, sum, "sum " + what);
        assertWithin(Reference.sum(x.ref(), dims, keepdim), sumTolerance(x.ref(), dims, keepdim, sum.dtype(), 1),
                sum, "sum " + what);

        Tensor mean = t.mean(dims, keepdim);
        assertType(integer ? DType.F32 : dtype, mean, "mean " + what);
        assertWithin(Reference.mean(x.ref(), dims, keepdim), sumTolerance(x.ref(), dims, keepdim, mean.dtype(),
                Reference.reducedCount(shape, dims)), mean, "mean " + what);

        Tensor max = dims.length == 1 ? t.max(dims[0], keepdim) : null;
        if (max != null) {
            assertType(dtype, max, "max " + what);
            assertClose(Reference.max(x.ref(), dims, keepdim), max, 0, 0, "max " + what);
            assertClose(Reference.min(x.ref(), dims, keepdim), t.min(dims[0], keepdim), 0, 0, "min " + what);
        }
        assertClose(Reference.max(x.ref(), allDims(shape.length), false), t.max(), 0, 0, "max of all " + what);
        assertClose(Reference.min(x.ref(), allDims(shape.length), false), t.min(), 0, 0, "min of all " + what);

        if (dtype != DType.BOOL) {
            int correction = rng.nextInt(2);
            if (Reference.reducedCount(shape, dims) > correction) {
                Tensor var = t.var(dims, correction, keepdim);
                double rel = switch (var.dtype()) {
                    case F64 -> 1e-10;
                    case F32 -> 1e-4;
                    case F16 -> 1e-2;
                    default -> 5e-2;
                };
                assertClose(Reference.var(x.ref(), dims, correction, keepdim), var, rel, rel,
                        "var(correction " + correction + ") " + what);
            }
        }
    }

    /** Per element: the output rounding plus the accumulation error, which grows with the summed magnitudes. */
    private static double[] sumTolerance(Nd x, int[] dims, boolean keepdim, DType out, int divisor) {
        Nd expected = Reference.sum(x, dims, keepdim);
        Nd magnitude = Reference.absSum(x, dims, keepdim);
        double[] tol = new double[expected.data().length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = (Samples.rel(out) * Math.abs(expected.data()[i]) + accumulation(out) * magnitude.data()[i]
                    + Samples.abs(out)) / divisor;
        }
        return tol;
    }

    /** A non-empty set of distinct dimensions, each written as a positive or a negative index. */
    private static int[] randomDims(Random rng, int rank) {
        int[] dims = java.util.stream.IntStream.range(0, rank).filter(d -> rng.nextBoolean()).toArray();
        if (dims.length == 0) {
            dims = new int[] {rng.nextInt(rank)};
        }
        for (int i = 0; i < dims.length; i++) {
            if (rng.nextBoolean()) {
                dims[i] -= rank;
            }
        }
        return dims;
    }

    private static int[] allDims(int rank) {
        return java.util.stream.IntStream.range(0, rank).toArray();
    }

    @Property(tries = 40)
    void argmaxAndArgminPickTheFirstOfTies(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType dtype = TYPES[rng.nextInt(TYPES.length - 1)];
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(4), 3000);
        int dim = rng.nextInt(shape.length) - (rng.nextBoolean() ? shape.length : 0);
        boolean keepdim = rng.nextBoolean();
        boolean nans = dtype.isFloatingPoint() && rng.nextInt(3) == 0;
        Sample x = dtype.isFloatingPoint()
                ? Samples.floats(dtype, Samples.layout(rng), shape,
                        () -> nans && rng.nextInt(20) == 0 ? Double.NaN : rng.nextInt(7) - 3)
                : Samples.uniform(rng, dtype, Samples.layout(rng), shape, -3, 3);
        String what = dtype + " " + Arrays.toString(shape) + " dim " + dim + (keepdim ? " keepdim" : "");
        Tensor argmax = x.tensor().argmax(dim, keepdim);
        assertType(DType.I64, argmax, "argmax");
        assertClose(Reference.argExtreme(x.ref(), dim, keepdim, true), argmax, 0, 0, "argmax " + what);
        assertClose(Reference.argExtreme(x.ref(), dim, keepdim, false), x.tensor().argmin(dim, keepdim), 0, 0,
                "argmin " + what);
    }

    @Example
    void reductionsOfLargeStridedTensorsSplitAcrossThreads() {
        Random rng = new Random(3);
        for (Layout layout : new Layout[] {Layout.TRANSPOSED, Layout.CONTIGUOUS, Layout.STEPPED}) {
            Sample x = Samples.uniform(rng, DType.F32, layout, new int[] {300, 301}, -1, 1);
            for (int[] dims : new int[][] {{0}, {1}, {-1, 0}}) {
                String what = layout + " over " + Arrays.toString(dims);
                assertWithin(Reference.sum(x.ref(), dims, false), sumTolerance(x.ref(), dims, false, DType.F32, 1),
                        x.tensor().sum(dims, false), "sum " + what);
            }
            assertClose(Reference.max(x.ref(), new int[] {0}, true), x.tensor().max(0, true), 0, 0, "max " + layout);
            assertClose(Reference.argExtreme(x.ref(), 1, false, false), x.tensor().argmin(1, false), 0, 0,
                    "argmin " + layout);
        }
    }

    /** NaN in the vector body and in the scalar tail, for the F32 vector path and the scalar paths. */
    @Example
    void nanPropagates() {
        for (DType dtype : new DType[] {DType.F32, DType.F64, DType.BF16}) {
            for (int at : new int[] {0, 5, 1029}) {
                double[] v = new double[1030];
                Arrays.fill(v, 1.0);
                v[at] = Double.NaN;
                Tensor x = Tensor.of(v).to(dtype);
                assertTrue(Double.isNaN(x.sum().item()), "sum with NaN at " + at + " in " + dtype);
                assertTrue(Double.isNaN(x.max().item()), "max with NaN at " + at + " in " + dtype);
                assertTrue(Double.isNaN(x.min().item()), "min with NaN at " + at + " in " + dtype);
                assertTrue(Double.isNaN(x.mean().item()), "mean with NaN at " + at + " in " + dtype);
                assertEquals(at, x.argmax(0, false).item(), "argmax with NaN at " + at + " in " + dtype);
                assertEquals(at, x.argmin(0, false).item(), "argmin with NaN at " + at + " in " + dtype);
                Tensor rows = x.reshape(10, 103);
                Tensor rowMax = rows.max(1, false);
                for (int r = 0; r < 10; r++) {
                    assertEquals(r == at / 103, Double.isNaN(rowMax.getDouble(r)), "row " + r + " max in " + dtype);
                }
            }
        }
        Tensor inf = Tensor.of(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertEquals(Double.NEGATIVE_INFINITY, inf.max().item());
        assertEquals(0, inf.argmax(0, false).item());
    }

    @Example
    void integerSumsAreExact() {
        long big = (1L << 60) + 1;
        Tensor longs = Tensor.of(new long[] {big, big, 1, -3, big});
        assertExact(new int[0], new long[] {3 * big - 2}, longs.sum(), "sum of I64 beyond 2^53");
        assertExact(new int[0], new long[] {big}, longs.max(), "max of I64 beyond 2^53");
        long[] ints = new long[1000];
        Arrays.fill(ints, Integer.MAX_VALUE);
        Tensor i32 = Tensor.of(ints).to(DType.I32);
        Tensor s = i32.sum();
        assertType(DType.I64, s, "sum of I32");
        assertExact(new int[0], new long[] {1000L * Integer.MAX_VALUE}, s, "sum of I32 does not overflow");
        Tensor flags = Tensor.of(new long[] {1, 0, 1, 1}).to(DType.BOOL);
        assertExact(new int[0], new long[] {3}, flags.sum(), "sum of BOOL counts");
    }

    @Example
    void argmaxOfLongsIsExact() {
        long big = 1L << 53;
        Tensor x = Tensor.of(new long[] {big, big + 1, big, big - 1, big + 1}, 1, 5);
        assertExact(new int[] {1}, new long[] {1}, x.argmax(1, false), "argmax of I64 beyond 2^53");
        assertExact(new int[] {1}, new long[] {3}, x.argmin(-1, false), "argmin of I64 beyond 2^53");
        assertExact(new int[] {1, 1}, new long[] {1}, x.argmax(1, true), "argmax keepdim");
    }

    @Example
    void reductionOverEveryDimensionAndEmptyDimensions() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new int[0], x.sum().shape());
        assertEquals(21.0, x.sum().item());
        assertEquals(3.5, x.mean().item());
        assertArrayEquals(new int[] {1, 1}, x.sum(new int[] {0, 1}, true).shape());
        assertEquals(3.5, x.var(new int[] {-2, -1}, 1, false).item(), 1e-6);
        assertEquals(35.0 / 12, x.var(new int[] {0, 1}, 0, false).item(), 1e-6);
        Tensor empty = Tensor.zeros(3, 0);
        assertArrayEquals(new int[] {3}, empty.sum(1, false).shape());
        assertEquals(0.0, empty.sum(1, false).getDouble(2));
        assertEquals(0.0, empty.sum().item());
    }
}
