package dev.gatun.tensor;

import static dev.gatun.tensor.Samples.assertClose;
import static dev.gatun.tensor.Samples.assertExact;
import static dev.gatun.tensor.Samples.assertType;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatun.tensor.Reference.Nd;
import dev.gatun.tensor.Samples.Layout;
import dev.gatun.tensor.Samples.Sample;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Forward values of joining, splitting, padding and index-driven ops against {@link Reference}: cat, stack,
 * split, chunk, pad, roll, gather, scatterAdd, indexSelect, cumsum, topk and embedding.
 */
class IndexingForwardProperties {
    private static final DType[] TYPES = {DType.F32, DType.F64, DType.BF16, DType.I64, DType.I32};

    private static DType type(Random rng) {
        return TYPES[rng.nextInt(TYPES.length)];
    }

    @Property(tries = 40)
    void catStackSplitChunk(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 1000);
        int dim = rng.nextInt(shape.length);
        int count = 1 + rng.nextInt(3);
        List<Sample> parts = new ArrayList<>();
        DType out = null;
        for (int i = 0; i < count; i++) {
            int[] s = shape.clone();
            s[dim] = rng.nextInt(4);
            DType t = i == 0 || rng.nextInt(3) > 0 ? (out == null ? type(rng) : parts.getFirst().tensor().dtype()) : type(rng);
            parts.add(Samples.uniform(rng, t, Samples.layout(rng), s, -9, 9));
            out = out == null ? t : ElementwiseForwardProperties.promote(out, t);
        }
        int d = dim - (rng.nextBoolean() ? shape.length : 0);
        Tensor cat = Tensor.cat(parts.stream().map(Sample::tensor).toList(), d);
        assertType(out, cat, "cat");
        Nd expected = Reference.cat(parts.stream().map(Sample::ref).toList(), dim);
        assertClose(expected, cat, 0, 0, "cat along " + d);

        int splitSize = 1 + rng.nextInt(4);
        List<Tensor> pieces = cat.split(splitSize, d);
        int size = expected.shape()[dim];
        assertEquals((size + splitSize - 1) / splitSize, pieces.size(), "split count");
        for (int i = 0; i < pieces.size(); i++) {
            int start = i * splitSize;
            assertClose(Reference.slice(expected, dim, start, Math.min(size, start + splitSize), 1), pieces.get(i), 0, 0,
                    "split piece " + i);
        }
        int chunks = 1 + rng.nextInt(4);
        List<Tensor> chunked = cat.chunk(chunks, d);
        int chunkSize = Math.max(1, (size + chunks - 1) / chunks);
        assertEquals(size == 0 ? 0 : (size + chunkSize - 1) / chunkSize, chunked.size(), "chunk count");
        for (int i = 0; i < chunked.size(); i++) {
            int start = i * chunkSize;
            assertClose(Reference.slice(expected, dim, start, Math.min(size, start + chunkSize), 1), chunked.get(i), 0, 0,
                    "chunk " + i);
        }

        Sample a = Samples.uniform(rng, DType.F32, Samples.layout(rng), shape, -9, 9);
        Sample b = Samples.uniform(rng, DType.F32, Samples.layout(rng), shape, -9, 9);
        int at = rng.nextInt(shape.length + 1);
        Tensor stacked = Tensor.stack(List.of(a.tensor(), b.tensor()), at);
        int[] unit = insert(shape, at);
        assertClose(Reference.cat(List.of(Reference.reshape(a.ref(), unit), Reference.reshape(b.ref(), unit)), at),
                stacked, 0, 0, "stack at " + at);
    }

    private static int[] insert(int[] shape, int at) {
        int[] out = new int[shape.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == at ? 1 : shape[j++];
        }
        return out;
    }

    @Property(tries = 40)
    void padAndRoll(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 1000);
        DType dtype = type(rng);
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -9, 9);
        int[] pads = new int[2 * (1 + rng.nextInt(shape.length))];
        for (int i = 0; i < pads.length; i++) {
            pads[i] = rng.nextInt(3);
        }
        double value = dtype.isFloatingPoint() ? 0.5 : 4;
        Tensor padded = Functional.pad(x.tensor(), pads, value);
        assertType(dtype, padded, "pad");
        assertClose(Reference.pad(x.ref(), pads, value), padded, 0, 0, "pad " + Arrays.toString(pads));
        int dim = rng.nextInt(shape.length) - (rng.nextBoolean() ? shape.length : 0);
        int shift = rng.nextInt(21) - 10;
        assertClose(Reference.roll(x.ref(), shift, dim), Functional.roll(x.tensor(), shift, dim), 0, 0,
                "roll by " + shift + " along " + dim);
    }

    @Property(tries = 40)
    void gatherScatterAddIndexSelect(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 1000);
        int dim = rng.nextInt(shape.length);
        int d = dim - (rng.nextBoolean() ? shape.length : 0);
        DType dtype = type(rng);
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -9, 9);
        int[] indexShape = shape.clone();
        for (int i = 0; i < indexShape.length; i++) {
            indexShape[i] = i == dim ? 1 + rng.nextInt(5) : 1 + rng.nextInt(shape[i]);
        }
        DType indexType = rng.nextBoolean() ? DType.I64 : DType.I32;
        Sample index = Samples.integers(indexType, Samples.layout(rng), indexShape, () -> rng.nextInt(shape[dim]));

        Tensor gathered = x.tensor().gather(d, index.tensor());
        assertType(dtype, gathered, "gather");
        assertClose(Reference.gather(x.ref(), dim, index.ref()), gathered, 0, 0, "gather along " + d);

        Sample src = Samples.uniform(rng, dtype, Samples.layout(rng), indexShape, -9, 9);
        Tensor scattered = x.tensor().scatterAdd(d, index.tensor(), src.tensor());
        assertType(dtype, scattered, "scatterAdd");
        // Each addition rounds in the dtype: the error grows with the magnitudes added into an element.
        Nd magnitude = Reference.scatterAdd(Reference.map(x.ref(), Math::abs), dim, index.ref(),
                Reference.map(src.ref(), Math::abs));
        double[] tol = Arrays.stream(magnitude.data()).map(m -> 2 * Samples.rel(dtype) * m).toArray();
        Samples.assertWithin(Reference.scatterAdd(x.ref(), dim, index.ref(), src.ref()), tol, scattered,
                "scatterAdd along " + d);
        assertClose(x.ref(), x.tensor(), 0, 0, "scatterAdd leaves its input unchanged");

        long[] picks = new long[rng.nextInt(6)];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = rng.nextInt(shape[dim]);
        }
        Tensor ids = Tensor.of(picks).to(indexType);
        assertClose(Reference.indexSelect(x.ref(), dim, picks), x.tensor().indexSelect(d, ids), 0, 0,
                "indexSelect along " + d + " of " + Arrays.toString(picks));
    }

    @Example
    void gatherOfALargeTensorAndOutOfRangeIndices() {
        Random rng = new Random(4);
        Sample x = Samples.uniform(rng, DType.F32, Layout.TRANSPOSED, new int[] {300, 301}, -1, 1);
        Sample index = Samples.integers(DType.I64, Layout.CONTIGUOUS, new int[] {300, 301}, () -> rng.nextInt(301));
        assertClose(Reference.gather(x.ref(), 1, index.ref()), x.tensor().gather(1, index.tensor()), 0, 0, "gather");
        long[] bad = new long[300 * 301];
        bad[bad.length - 1] = 301;
        Tensor badIndex = Tensor.of(bad, 300, 301);
        GatunException e = assertThrows(GatunException.class, () -> x.tensor().gather(1, badIndex));
        assertTrue(e.getMessage().contains("301"), e.getMessage());
        bad[bad.length - 1] = 0;
        bad[0] = -1;
        assertThrows(GatunException.class, () -> x.tensor().gather(1, Tensor.of(bad, 300, 301)));
        Tensor small = Tensor.zeros(3, 4);
        assertThrows(GatunException.class, () -> small.indexSelect(0, Tensor.of(new long[] {0, 3})));
        assertThrows(GatunException.class, () -> small.indexSelect(1, Tensor.of(new long[] {-1})));
        assertThrows(GatunException.class,
                () -> small.scatterAdd(0, Tensor.of(new long[] {5}, 1, 1), Tensor.zeros(1, 1)));
        assertThrows(GatunException.class,
                () -> Functional.embedding(Tensor.of(new long[] {0, 3}), Tensor.zeros(3, 2)));
    }

    @Example
    void integerScatterAddIsExact() {
        long big = (1L << 53) + 1;
        Tensor self = Tensor.of(new long[] {big, -big, 7}, 1, 3);
        Tensor index = Tensor.of(new long[] {0, 0, 1, 0}, 1, 4);
        Tensor src = Tensor.of(new long[] {1, 2, -1, 3}, 1, 4);
        assertExact(new int[] {1, 3}, new long[] {big + 6, -big - 1, 7}, self.scatterAdd(1, index, src),
                "I64 scatterAdd beyond 2^53");
        Tensor i32 = self.to(DType.I32).scatterAdd(1, index, src.to(DType.I32));
        assertType(DType.I32, i32, "I32 scatterAdd");
        assertExact(new int[] {1, 3}, new long[] {(int) big + 6, (int) -big - 1, 7}, i32, "I32 scatterAdd");
    }

    @Property(tries = 30)
    void cumsum(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 2000);
        int dim = rng.nextInt(shape.length) - (rng.nextBoolean() ? shape.length : 0);
        DType dtype = TYPES[rng.nextInt(TYPES.length)];
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -9, 9);
        Tensor out = x.tensor().cumsum(dim);
        assertType(dtype.isFloatingPoint() ? dtype : DType.I64, out, "cumsum");
        Nd expected = Reference.cumsum(x.ref(), dim);
        Nd magnitude = Reference.cumsum(Reference.map(x.ref(), Math::abs), dim);
        double[] tol = new double[expected.data().length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = Samples.rel(dtype) * magnitude.data()[i];
        }
        Samples.assertWithin(expected, tol, out, "cumsum of " + dtype + " " + Arrays.toString(shape) + " along " + dim);
    }

    @Example
    void integerCumsumIsExact() {
        long big = (1L << 53) + 1;
        Tensor x = Tensor.of(new long[] {big, 1, big, -3, 2}, 1, 5);
        assertExact(new int[] {1, 5}, new long[] {big, big + 1, 2 * big + 1, 2 * big - 2, 2 * big}, x.cumsum(1),
                "I64 cumsum");
        Tensor i32 = Tensor.of(new long[] {Integer.MAX_VALUE, Integer.MAX_VALUE}).to(DType.I32);
        assertExact(new int[] {2}, new long[] {Integer.MAX_VALUE, 2L * Integer.MAX_VALUE}, i32.cumsum(0),
                "I32 cumsum widens to I64");
        Tensor flags = Tensor.of(new long[] {1, 0, 1, 1}).to(DType.BOOL);
        assertExact(new int[] {4}, new long[] {1, 1, 2, 3}, flags.cumsum(0), "BOOL cumsum counts");
    }

    @Property(tries = 40)
    void topkMatchesAStableSort(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = Samples.shape(rng, 1 + rng.nextInt(3), 1000);
        int dim = rng.nextInt(shape.length);
        int d = dim - (rng.nextBoolean() ? shape.length : 0);
        int k = rng.nextInt(shape[dim] + 1);
        boolean largest = rng.nextBoolean();
        DType dtype = type(rng);
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), shape, -5, 5);
        TopK top = Functional.topk(x.tensor(), k, d, largest);
        Nd indices = Reference.lines(x.ref(), dim, k, line -> {
            Integer[] order = new Integer[line.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Comparator<Integer> byValue = Comparator.comparingDouble(i -> line[i]);
            Arrays.sort(order, largest ? byValue.reversed() : byValue);
            double[] picked = new double[k];
            for (int i = 0; i < k; i++) {
                picked[i] = order[i];
            }
            return picked;
        });
        String what = "topk(" + k + ", " + d + ", largest " + largest + ") of " + dtype + " " + Arrays.toString(shape);
        assertType(DType.I64, top.indices(), what);
        assertType(dtype, top.values(), what);
        assertClose(indices, top.indices(), 0, 0, what + ": indices");
        assertClose(Reference.gather(x.ref(), dim, indices), top.values(), 0, 0, what + ": values");
    }

    @Example
    void embeddingPicksRows() {
        Random rng = new Random(5);
        Sample weight = Samples.uniform(rng, DType.F32, Layout.TRANSPOSED, new int[] {7, 5}, -1, 1);
        long[] ids = {6, 0, 3, 3, 1, 6};
        Tensor out = Functional.embedding(Tensor.of(ids, 2, 3), weight.tensor());
        assertArrayEquals(new int[] {2, 3, 5}, out.shape());
        assertClose(Reference.reshape(Reference.indexSelect(weight.ref(), 0, ids), 2, 3, 5), out, 0, 0, "embedding");
        Tensor fromI32 = Functional.embedding(Tensor.of(ids).to(DType.I32), weight.tensor());
        assertClose(Reference.indexSelect(weight.ref(), 0, ids), fromI32, 0, 0, "embedding with I32 ids");
        long[] interleaved = new long[2 * ids.length];
        for (int i = 0; i < ids.length; i++) {
            interleaved[2 * i] = ids[i];
            interleaved[2 * i + 1] = 99;
        }
        Tensor stepped = Tensor.of(interleaved).slice(0, 0, interleaved.length, 2);
        assertClose(Reference.indexSelect(weight.ref(), 0, ids), weight.tensor().indexSelect(0, stepped), 0, 0,
                "indexSelect with a stepped index");
    }

    @Example
    void topkRanksNaNAboveEverything() {
        Tensor x = Tensor.of(new double[] {1, Double.NaN, 3, Double.NEGATIVE_INFINITY});
        TopK largest = Functional.topk(x, 2, 0, true);
        assertArrayEquals(new long[] {1, 2}, largest.indices().toLongArray());
        assertTrue(Double.isNaN(largest.values().getDouble(0)));
        TopK smallest = Functional.topk(x, 2, 0, false);
        assertArrayEquals(new long[] {3, 0}, smallest.indices().toLongArray());
        assertArrayEquals(new double[] {Double.NEGATIVE_INFINITY, 1}, smallest.values().toDoubleArray());
    }
}
