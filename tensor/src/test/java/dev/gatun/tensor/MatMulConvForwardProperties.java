package dev.gatun.tensor;

import static dev.gatun.tensor.Samples.assertType;
import static dev.gatun.tensor.Samples.assertWithin;

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
 * Forward values of matmul and convolution against naive loops: 1-D, 2-D and batched operands with
 * broadcasting, transposed and strided operands, every float dtype; direct nested-loop convolution with
 * stride, padding, dilation, groups and bias.
 */
class MatMulConvForwardProperties {
    private static final DType[] TYPES = {DType.F32, DType.F32, DType.F64, DType.BF16, DType.F16};

    /** Products are accumulated in F32 (or F64): error per unit of the summed |a_ik b_kj|. */
    private static double[] tolerance(Nd a, Nd b, Nd expected, DType out) {
        Nd magnitude = Reference.matmul(Reference.map(a, Math::abs), Reference.map(b, Math::abs));
        double eps = out == DType.F64 ? 1e-13 : 2e-6;
        double[] tol = new double[expected.data().length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = eps * magnitude.data()[i] + Samples.abs(out);
        }
        return tol;
    }

    @Property(tries = 50)
    void matmulMatchesNaiveProducts(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        DType ta = TYPES[rng.nextInt(TYPES.length)];
        DType tb = rng.nextBoolean() ? ta : TYPES[rng.nextInt(TYPES.length)];
        int m = size(rng);
        int k = size(rng);
        int n = size(rng);
        int[] batch = Samples.shape(rng, rng.nextInt(3), 6);
        int[] bBatch = Samples.broadcastPartner(rng, batch);
        if (rng.nextBoolean()) {
            int[] t = batch;
            batch = bBatch;
            bBatch = t;
        }
        int[] sa = switch (rng.nextInt(5)) {
            case 0 -> new int[] {k};
            default -> concat(batch, m, k);
        };
        int[] sb = switch (rng.nextInt(5)) {
            case 0 -> new int[] {k};
            default -> concat(bBatch, k, n);
        };
        Sample a = Samples.uniform(rng, ta, Samples.layout(rng), sa, -2, 2);
        Sample b = Samples.uniform(rng, tb, Samples.layout(rng), sb, -2, 2);
        Tensor out = a.tensor().matmul(b.tensor());
        DType outType = ta == DType.F64 || tb == DType.F64 ? DType.F64 : DType.F32;
        String what = ta + Arrays.toString(sa) + " @ " + tb + Arrays.toString(sb);
        assertType(outType, out, what);
        Nd expected = Reference.matmul(a.ref(), b.ref());
        assertWithin(expected, tolerance(a.ref(), b.ref(), expected, outType), out, what);
    }

    private static int size(Random rng) {
        int[] sizes = {1, 2, 3, 7, 17, 33};
        return sizes[rng.nextInt(sizes.length)];
    }

    private static int[] concat(int[] batch, int... tail) {
        int[] s = Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, s, batch.length, tail.length);
        return s;
    }

    @Example
    void matmulOfLargerStridedAndExpandedOperands() {
        Random rng = new Random(6);
        Sample a = Samples.uniform(rng, DType.F32, Layout.TRANSPOSED, new int[] {3, 65, 40}, -1, 1);
        Sample b = Samples.uniform(rng, DType.F32, Layout.STEPPED, new int[] {40, 70}, -1, 1);
        Nd expected = Reference.matmul(a.ref(), b.ref());
        assertWithin(expected, tolerance(a.ref(), b.ref(), expected, DType.F32), a.tensor().matmul(b.tensor()),
                "transposed batch @ stepped matrix");
        Sample e = Samples.uniform(rng, DType.F64, Layout.EXPANDED, new int[] {4, 5, 6}, -1, 1);
        Sample p = Samples.uniform(rng, DType.F64, Layout.PERMUTED, new int[] {4, 6, 3}, -1, 1);
        Nd ep = Reference.matmul(e.ref(), p.ref());
        assertWithin(ep, tolerance(e.ref(), p.ref(), ep, DType.F64), e.tensor().matmul(p.tensor()), "expanded @ permuted");
        Sample v = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {40}, -1, 1);
        Nd av = Reference.matmul(a.ref(), v.ref());
        assertWithin(av, tolerance(a.ref(), v.ref(), av, DType.F32), a.tensor().matmul(v.tensor()), "batch @ vector");
        Nd dot = Reference.matmul(v.ref(), v.ref());
        assertWithin(dot, tolerance(v.ref(), v.ref(), dot, DType.F32), v.tensor().matmul(v.tensor()), "dot");
    }

    @Property(tries = 30)
    void conv2dMatchesDirectConvolution(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int groups = 1 + rng.nextInt(3);
        int cin = groups * (1 + rng.nextInt(2));
        int cout = groups * (1 + rng.nextInt(3));
        int kh = 1 + rng.nextInt(3);
        int kw = 1 + rng.nextInt(4);
        int[] stride = {1 + rng.nextInt(3), 1 + rng.nextInt(3)};
        int[] padding = {rng.nextInt(3), rng.nextInt(3)};
        int[] dilation = {1 + rng.nextInt(2), 1 + rng.nextInt(2)};
        int h = Math.max(1, dilation[0] * (kh - 1) + 1 - 2 * padding[0]) + rng.nextInt(6);
        int w = Math.max(1, dilation[1] * (kw - 1) + 1 - 2 * padding[1]) + rng.nextInt(9);
        DType dtype = rng.nextInt(3) == 0 ? DType.F64 : DType.F32;
        Sample x = Samples.uniform(rng, dtype, Samples.layout(rng), new int[] {1 + rng.nextInt(2), cin, h, w}, -1, 1);
        Sample weight = Samples.uniform(rng, dtype, Samples.layout(rng), new int[] {cout, cin / groups, kh, kw}, -1, 1);
        Sample bias = rng.nextBoolean() ? Samples.uniform(rng, dtype, Layout.CONTIGUOUS, new int[] {cout}, -1, 1) : null;
        Tensor out = Functional.conv2d(x.tensor(), weight.tensor(), bias == null ? null : bias.tensor(), stride, padding,
                dilation, groups);
        Nd expected = Reference.conv2d(x.ref(), weight.ref(), bias == null ? null : bias.ref(), stride, padding, dilation,
                groups);
        String what = "conv2d " + Arrays.toString(x.ref().shape()) + " * " + Arrays.toString(weight.ref().shape())
                + " stride " + Arrays.toString(stride) + " padding " + Arrays.toString(padding) + " dilation "
                + Arrays.toString(dilation) + " groups " + groups;
        assertType(dtype, out, what);
        assertWithin(expected, convTolerance(x.ref(), weight.ref(), expected, stride, padding, dilation, groups, dtype),
                out, what);
    }

    private static double[] convTolerance(Nd x, Nd w, Nd expected, int[] stride, int[] padding, int[] dilation,
                                          int groups, DType dtype) {
        Nd magnitude = Reference.conv2d(Reference.map(x, Math::abs), Reference.map(w, Math::abs), null, stride, padding,
                dilation, groups);
        double eps = dtype == DType.F64 ? 1e-13 : 2e-6;
        return Arrays.stream(magnitude.data()).map(v -> eps * (v + 1)).toArray();
    }

    @Property(tries = 30)
    void conv1dMatchesDirectConvolution(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int groups = 1 + rng.nextInt(2);
        int cin = groups * (1 + rng.nextInt(3));
        int cout = groups * (1 + rng.nextInt(3));
        int k = 1 + rng.nextInt(5);
        int stride = 1 + rng.nextInt(3);
        int padding = rng.nextInt(3);
        int dilation = 1 + rng.nextInt(3);
        int length = Math.max(1, dilation * (k - 1) + 1 - 2 * padding) + rng.nextInt(40);
        Sample x = Samples.uniform(rng, DType.F32, Samples.layout(rng), new int[] {1 + rng.nextInt(3), cin, length}, -1, 1);
        Sample weight = Samples.uniform(rng, DType.F32, Samples.layout(rng), new int[] {cout, cin / groups, k}, -1, 1);
        Sample bias = Samples.uniform(rng, DType.F32, Layout.CONTIGUOUS, new int[] {cout}, -1, 1);
        Tensor out = Functional.conv1d(x.tensor(), weight.tensor(), bias.tensor(), stride, padding, dilation, groups);
        int[] xs = x.ref().shape();
        Nd x4 = Reference.reshape(x.ref(), xs[0], xs[1], 1, xs[2]);
        Nd w4 = Reference.reshape(weight.ref(), cout, cin / groups, 1, k);
        int[] s2 = {1, stride};
        int[] p2 = {0, padding};
        int[] d2 = {1, dilation};
        Nd expected4 = Reference.conv2d(x4, w4, bias.ref(), s2, p2, d2, groups);
        int[] es = expected4.shape();
        Nd expected = Reference.reshape(expected4, es[0], es[1], es[3]);
        assertWithin(expected, convTolerance(x4, w4, expected4, s2, p2, d2, groups, DType.F32), out,
                "conv1d k " + k + " stride " + stride + " padding " + padding + " dilation " + dilation + " groups " + groups);
    }
}
