package dev.gatun.tensor;

import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

/**
 * Plain reference implementations of the tensor ops over row-major {@code double[]} arrays: explicit index
 * arithmetic, broadcasting and naive loops, sharing no code with the runtime they check. Slow and obvious
 * on purpose; the forward-value tests compare every op with these.
 */
final class Reference {
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);

    private Reference() {
    }

    /** A row-major array: its shape and its values. */
    record Nd(int[] shape, double[] data) {
        Nd {
            if (count(shape) != data.length) {
                throw new IllegalArgumentException(data.length + " values for shape " + Arrays.toString(shape));
            }
        }

        int rank() {
            return shape.length;
        }

        double at(int... index) {
            return data[ravel(index, shape)];
        }

        @Override
        public String toString() {
            return "Nd" + Arrays.toString(shape) + Arrays.toString(data);
        }
    }

    static Nd nd(double[] data, int... shape) {
        return new Nd(shape.clone(), data);
    }

    static Nd scalar(double v) {
        return new Nd(new int[0], new double[] {v});
    }

    // ---------------------------------------------------------------- index arithmetic

    static int count(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }

    static int[] unravel(int flat, int[] shape) {
        int[] index = new int[shape.length];
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = flat % shape[d];
            flat /= shape[d];
        }
        return index;
    }

    static int ravel(int[] index, int[] shape) {
        int flat = 0;
        for (int d = 0; d < shape.length; d++) {
            flat = flat * shape[d] + index[d];
        }
        return flat;
    }

    static int dim(int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= rank) {
            throw new IllegalArgumentException("dim " + dim + " for rank " + rank);
        }
        return d;
    }

    static int[] broadcastShape(int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.length);
            int ib = i - (rank - b.length);
            int da = ia >= 0 ? a[ia] : 1;
            int db = ib >= 0 ? b[ib] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(Arrays.toString(a) + " vs " + Arrays.toString(b));
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /** The flat index into {@code from} of the element that broadcasting maps to {@code index} of a larger shape. */
    static int broadcastIndex(int[] index, int[] from) {
        int lead = index.length - from.length;
        int flat = 0;
        for (int d = 0; d < from.length; d++) {
            flat = flat * from[d] + (from[d] == 1 ? 0 : index[d + lead]);
        }
        return flat;
    }

    static Nd broadcastTo(Nd x, int[] shape) {
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            out[i] = x.data[broadcastIndex(unravel(i, shape), x.shape)];
        }
        return new Nd(shape.clone(), out);
    }

    // ---------------------------------------------------------------- elementwise

    static Nd map(Nd x, DoubleUnaryOperator f) {
        double[] out = new double[x.data.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(x.data[i]);
        }
        return new Nd(x.shape.clone(), out);
    }

    static Nd zip(Nd a, Nd b, DoubleBinaryOperator f) {
        int[] shape = broadcastShape(a.shape, b.shape);
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, shape);
            out[i] = f.applyAsDouble(a.data[broadcastIndex(index, a.shape)], b.data[broadcastIndex(index, b.shape)]);
        }
        return new Nd(shape, out);
    }

    static Nd where(Nd cond, Nd a, Nd b) {
        int[] shape = broadcastShape(cond.shape, broadcastShape(a.shape, b.shape));
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, shape);
            boolean c = cond.data[broadcastIndex(index, cond.shape)] != 0;
            out[i] = c ? a.data[broadcastIndex(index, a.shape)] : b.data[broadcastIndex(index, b.shape)];
        }
        return new Nd(shape, out);
    }

    static double max(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (a >= b ? a : b);
    }

    static double min(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? Double.NaN : (a <= b ? a : b);
    }

    /**
     * erf from its Maclaurin series below 2 (the alternating terms lose at most two of sixteen digits
     * there) and from Laplace's continued fraction of erfc above, evaluated bottom-up; both within 1e-14.
     */
    static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double ax = Math.abs(x);
        double r;
        if (ax < 2) {
            double term = ax;
            double sum = ax;
            for (int n = 1; n < 400 && Math.abs(term) > 1e-20; n++) {
                term *= -ax * ax / n;
                sum += term / (2 * n + 1);
            }
            r = TWO_OVER_SQRT_PI * sum;
        } else {
            // erfc x = e^{-x^2}/sqrt(pi) * 1/(x + (1/2)/(x + (2/2)/(x + (3/2)/(x + ...))))
            double fraction = ax;
            for (int n = 80; n >= 1; n--) {
                fraction = ax + n / 2.0 / fraction;
            }
            r = 1 - Math.exp(-ax * ax) / Math.sqrt(Math.PI) / fraction;
        }
        return Math.copySign(r, x);
    }

    // ---------------------------------------------------------------- reductions

    static boolean[] mask(int[] dims, int rank) {
        boolean[] m = new boolean[rank];
        for (int d : dims) {
            m[dim(d, rank)] = true;
        }
        return m;
    }

    static Nd reduce(Nd x, int[] dims, boolean keepdim, double init, DoubleBinaryOperator op) {
        boolean[] reduced = mask(dims, x.rank());
        int[] kept = x.shape.clone();
        for (int d = 0; d < kept.length; d++) {
            if (reduced[d]) {
                kept[d] = 1;
            }
        }
        double[] acc = new double[count(kept)];
        Arrays.fill(acc, init);
        for (int i = 0; i < x.data.length; i++) {
            int[] index = unravel(i, x.shape);
            for (int d = 0; d < index.length; d++) {
                if (reduced[d]) {
                    index[d] = 0;
                }
            }
            int o = ravel(index, kept);
            acc[o] = op.applyAsDouble(acc[o], x.data[i]);
        }
        return new Nd(keepdim ? kept : dropped(kept, reduced), acc);
    }

    private static int[] dropped(int[] shape, boolean[] drop) {
        return java.util.stream.IntStream.range(0, shape.length).filter(d -> !drop[d]).map(d -> shape[d]).toArray();
    }

    static int reducedCount(int[] shape, int[] dims) {
        boolean[] reduced = mask(dims, shape.length);
        int n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (reduced[d]) {
                n *= shape[d];
            }
        }
        return n;
    }

    static Nd sum(Nd x, int[] dims, boolean keepdim) {
        return reduce(x, dims, keepdim, 0, Double::sum);
    }

    static Nd max(Nd x, int[] dims, boolean keepdim) {
        return reduce(x, dims, keepdim, Double.NEGATIVE_INFINITY, Reference::max);
    }

    static Nd min(Nd x, int[] dims, boolean keepdim) {
        return reduce(x, dims, keepdim, Double.POSITIVE_INFINITY, Reference::min);
    }

    static Nd mean(Nd x, int[] dims, boolean keepdim) {
        int n = reducedCount(x.shape, dims);
        return map(sum(x, dims, keepdim), v -> v / n);
    }

    /** Two-pass variance with {@code correction} subtracted from the count. */
    static Nd var(Nd x, int[] dims, int correction, boolean keepdim) {
        Nd mean = mean(x, dims, true);
        Nd squares = zip(x, mean, (v, m) -> (v - m) * (v - m));
        int n = reducedCount(x.shape, dims);
        return map(sum(squares, dims, keepdim), v -> v / Math.max(0, n - correction));
    }

    /** Sum of |x| over the same dims: the scale of the rounding error of a sum. */
    static Nd absSum(Nd x, int[] dims, boolean keepdim) {
        return sum(map(x, Math::abs), dims, keepdim);
    }

    /** Index of the first largest (smallest) element of each line; the first NaN wins, as in PyTorch. */
    static Nd argExtreme(Nd x, int dim, boolean keepdim, boolean largest) {
        Nd r = lines(x, dim, 1, line -> {
            int best = 0;
            for (int i = 0; i < line.length; i++) {
                if (Double.isNaN(line[i])) {
                    return new double[] {i};
                }
                if (largest ? line[i] > line[best] : line[i] < line[best]) {
                    best = i;
                }
            }
            return new double[] {best};
        });
        return keepdim ? r : squeeze(r, dim(dim, x.rank()));
    }

    // ---------------------------------------------------------------- lines along one dimension

    /** Applies {@code f} to every line of x along dim; f turns a line of length n into one of length outLen. */
    static Nd lines(Nd x, int dim, int outLen, UnaryOperator<double[]> f) {
        int d = dim(dim, x.rank());
        int n = x.shape[d];
        int outer = count(Arrays.copyOfRange(x.shape, 0, d));
        int inner = count(Arrays.copyOfRange(x.shape, d + 1, x.rank()));
        int[] shape = x.shape.clone();
        shape[d] = outLen;
        double[] out = new double[outer * outLen * inner];
        double[] line = new double[n];
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                for (int k = 0; k < n; k++) {
                    line[k] = x.data[(o * n + k) * inner + i];
                }
                double[] r = f.apply(line.clone());
                for (int k = 0; k < outLen; k++) {
                    out[(o * outLen + k) * inner + i] = r[k];
                }
            }
        }
        return new Nd(shape, out);
    }

    static Nd softmax(Nd x, int dim) {
        return lines(x, dim, x.shape[dim(dim, x.rank())], line -> {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : line) {
                m = Math.max(m, v);
            }
            double s = 0;
            double[] e = new double[line.length];
            for (int i = 0; i < line.length; i++) {
                e[i] = Math.exp(line[i] - m);
                s += e[i];
            }
            for (int i = 0; i < line.length; i++) {
                e[i] /= s;
            }
            return e;
        });
    }

    static Nd logSoftmax(Nd x, int dim) {
        return lines(x, dim, x.shape[dim(dim, x.rank())], line -> {
            double m = Double.NEGATIVE_INFINITY;
            for (double v : line) {
                m = Math.max(m, v);
            }
            double s = 0;
            for (double v : line) {
                s += Math.exp(v - m);
            }
            double lse = m + Math.log(s);
            double[] out = new double[line.length];
            for (int i = 0; i < line.length; i++) {
                out[i] = line[i] - lse;
            }
            return out;
        });
    }

    static Nd cumsum(Nd x, int dim) {
        return lines(x, dim, x.shape[dim(dim, x.rank())], line -> {
            double[] out = new double[line.length];
            double acc = 0;
            for (int i = 0; i < line.length; i++) {
                acc += line[i];
                out[i] = acc;
            }
            return out;
        });
    }

    // ---------------------------------------------------------------- views and copies

    static Nd reshape(Nd x, int... shape) {
        return new Nd(shape.clone(), x.data.clone());
    }

    static Nd permute(Nd x, int... perm) {
        int[] shape = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            shape[i] = x.shape[perm[i]];
        }
        double[] out = new double[x.data.length];
        int[] from = new int[perm.length];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, shape);
            for (int k = 0; k < perm.length; k++) {
                from[perm[k]] = index[k];
            }
            out[i] = x.data[ravel(from, x.shape)];
        }
        return new Nd(shape, out);
    }

    static Nd transpose(Nd x, int a, int b) {
        int[] perm = new int[x.rank()];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        perm[dim(a, x.rank())] = dim(b, x.rank());
        perm[dim(b, x.rank())] = dim(a, x.rank());
        return permute(x, perm);
    }

    /** Elements {@code start, start+step, ...} below {@code end} along dim. */
    static Nd slice(Nd x, int dim, int start, int end, int step) {
        int d = dim(dim, x.rank());
        int len = Math.max(0, (end - start + step - 1) / step);
        int[] shape = x.shape.clone();
        shape[d] = len;
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, shape);
            index[d] = start + index[d] * step;
            out[i] = x.data[ravel(index, x.shape)];
        }
        return new Nd(shape, out);
    }

    static Nd squeeze(Nd x, int dim) {
        int[] shape = new int[x.rank() - 1];
        for (int i = 0, j = 0; i < x.rank(); i++) {
            if (i != dim) {
                shape[j++] = x.shape[i];
            }
        }
        return new Nd(shape, x.data.clone());
    }

    static Nd cat(List<Nd> xs, int dim) {
        int d = dim(dim, xs.getFirst().rank());
        int[] shape = xs.getFirst().shape.clone();
        shape[d] = xs.stream().mapToInt(x -> x.shape[d]).sum();
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, shape);
            int k = 0;
            while (index[d] >= xs.get(k).shape[d]) {
                index[d] -= xs.get(k).shape[d];
                k++;
            }
            out[i] = xs.get(k).data[ravel(index, xs.get(k).shape)];
        }
        return new Nd(shape, out);
    }

    /** PyTorch's {@code F.pad}: (before, after) pairs from the last dimension backwards. */
    static Nd pad(Nd x, int[] pads, double value) {
        int rank = x.rank();
        int[] before = new int[rank];
        int[] shape = x.shape.clone();
        for (int i = 0; i < pads.length / 2; i++) {
            before[rank - 1 - i] = pads[2 * i];
            shape[rank - 1 - i] += pads[2 * i] + pads[2 * i + 1];
        }
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, shape);
            boolean inside = true;
            for (int d = 0; d < rank; d++) {
                index[d] -= before[d];
                inside &= index[d] >= 0 && index[d] < x.shape[d];
            }
            out[i] = inside ? x.data[ravel(index, x.shape)] : value;
        }
        return new Nd(shape, out);
    }

    /** {@code out[i] = x[(i - shift) mod n]} along dim. */
    static Nd roll(Nd x, int shift, int dim) {
        int d = dim(dim, x.rank());
        int n = x.shape[d];
        double[] out = new double[x.data.length];
        for (int i = 0; i < out.length; i++) {
            int[] index = unravel(i, x.shape);
            index[d] = Math.floorMod(index[d] - shift, n);
            out[i] = x.data[ravel(index, x.shape)];
        }
        return new Nd(x.shape.clone(), out);
    }

    // ---------------------------------------------------------------- indexing

    static Nd gather(Nd x, int dim, Nd index) {
        int d = dim(dim, x.rank());
        double[] out = new double[index.data.length];
        for (int i = 0; i < out.length; i++) {
            int[] at = unravel(i, index.shape);
            at[d] = (int) index.data[i];
            out[i] = x.data[ravel(at, x.shape)];
        }
        return new Nd(index.shape.clone(), out);
    }

    static Nd scatterAdd(Nd self, int dim, Nd index, Nd src) {
        int d = dim(dim, self.rank());
        double[] out = self.data.clone();
        for (int i = 0; i < index.data.length; i++) {
            int[] at = unravel(i, index.shape);
            double v = src.data[ravel(at, src.shape)];
            at[d] = (int) index.data[i];
            out[ravel(at, self.shape)] += v;
        }
        return new Nd(self.shape.clone(), out);
    }

    static Nd indexSelect(Nd x, int dim, long[] index) {
        int d = dim(dim, x.rank());
        int[] shape = x.shape.clone();
        shape[d] = index.length;
        double[] out = new double[count(shape)];
        for (int i = 0; i < out.length; i++) {
            int[] at = unravel(i, shape);
            at[d] = (int) index[at[d]];
            out[i] = x.data[ravel(at, x.shape)];
        }
        return new Nd(shape, out);
    }

    // ---------------------------------------------------------------- linear algebra

    /** {@code torch.matmul}: 1-D operands get a dimension added and removed again, batch dims broadcast. */
    static Nd matmul(Nd a, Nd b) {
        boolean aVector = a.rank() == 1;
        boolean bVector = b.rank() == 1;
        Nd x = aVector ? reshape(a, 1, a.shape[0]) : a;
        Nd y = bVector ? reshape(b, b.shape[0], 1) : b;
        int m = x.shape[x.rank() - 2];
        int k = x.shape[x.rank() - 1];
        int n = y.shape[y.rank() - 1];
        if (y.shape[y.rank() - 2] != k) {
            throw new IllegalArgumentException("inner sizes " + k + " vs " + y.shape[y.rank() - 2]);
        }
        int[] xBatch = Arrays.copyOf(x.shape, x.rank() - 2);
        int[] yBatch = Arrays.copyOf(y.shape, y.rank() - 2);
        int[] batch = broadcastShape(xBatch, yBatch);
        int batches = count(batch);
        double[] out = new double[batches * m * n];
        for (int bi = 0; bi < batches; bi++) {
            int[] bIndex = unravel(bi, batch);
            int xb = broadcastIndex(bIndex, xBatch) * m * k;
            int yb = broadcastIndex(bIndex, yBatch) * k * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += x.data[xb + i * k + p] * y.data[yb + p * n + j];
                    }
                    out[(bi * m + i) * n + j] = acc;
                }
            }
        }
        int[] shape = Arrays.copyOf(batch, batch.length + 2);
        shape[batch.length] = m;
        shape[batch.length + 1] = n;
        Nd r = new Nd(shape, out);
        if (bVector) {
            r = squeeze(r, r.rank() - 1);
        }
        if (aVector) {
            r = squeeze(r, r.rank() - (bVector ? 1 : 2));
        }
        return r;
    }

    /** Direct 2-D convolution of x (B, Cin, H, W) with w (Cout, Cin/groups, kh, kw); bias may be null. */
    static Nd conv2d(Nd x, Nd w, Nd bias, int[] stride, int[] padding, int[] dilation, int groups) {
        int batch = x.shape[0];
        int cin = x.shape[1];
        int h = x.shape[2];
        int wd = x.shape[3];
        int cout = w.shape[0];
        int kh = w.shape[2];
        int kw = w.shape[3];
        int oh = Math.floorDiv(h + 2 * padding[0] - dilation[0] * (kh - 1) - 1, stride[0]) + 1;
        int ow = Math.floorDiv(wd + 2 * padding[1] - dilation[1] * (kw - 1) - 1, stride[1]) + 1;
        int cinG = cin / groups;
        int coutG = cout / groups;
        double[] out = new double[batch * cout * oh * ow];
        for (int b = 0; b < batch; b++) {
            for (int co = 0; co < cout; co++) {
                int g = co / coutG;
                for (int y = 0; y < oh; y++) {
                    for (int xo = 0; xo < ow; xo++) {
                        double acc = bias == null ? 0 : bias.data[co];
                        for (int ci = 0; ci < cinG; ci++) {
                            for (int ki = 0; ki < kh; ki++) {
                                for (int kj = 0; kj < kw; kj++) {
                                    int iy = y * stride[0] - padding[0] + ki * dilation[0];
                                    int ix = xo * stride[1] - padding[1] + kj * dilation[1];
                                    if (iy < 0 || iy >= h || ix < 0 || ix >= wd) {
                                        continue;
                                    }
                                    acc += x.at(b, g * cinG + ci, iy, ix) * w.at(co, ci, ki, kj);
                                }
                            }
                        }
                        out[((b * cout + co) * oh + y) * ow + xo] = acc;
                    }
                }
            }
        }
        return new Nd(new int[] {batch, cout, oh, ow}, out);
    }
}
