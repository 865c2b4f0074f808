package dev.gatun.tensor;

import java.util.List;
import java.util.Random;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Every differentiable op against central finite differences in double precision, over random shapes,
 * broadcast operands and non-contiguous views. Each property draws a seed; the failure report names it.
 */
class OpGradientProperties {
    private static final double TOL = 1e-5;

    private static int[] randomShape(Random rng, int minRank, int maxRank) {
        int rank = minRank + rng.nextInt(maxRank - minRank + 1);
        int[] s = new int[rank];
        for (int i = 0; i < rank; i++) {
            s[i] = 1 + rng.nextInt(4);
        }
        return s;
    }

    /** A shape that broadcasts against {@code s}: some leading dims dropped, some sizes set to 1. */
    private static int[] broadcastPartner(Random rng, int[] s) {
        int drop = s.length == 0 ? 0 : rng.nextInt(s.length + 1);
        int[] b = java.util.Arrays.copyOfRange(s, drop, s.length);
        for (int i = 0; i < b.length; i++) {
            if (rng.nextInt(3) == 0) {
                b[i] = 1;
            }
        }
        return b;
    }

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... inputs) {
        GradCheck.check(f, List.of(inputs), TOL);
    }

    @Property(tries = 40)
    void unaryFunctions(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] shape = randomShape(rng, 0, 3);
        Tensor x = GradCheck.input(rng, rng.nextInt(4), shape);
        for (UnaryKind kind : UnaryKind.values()) {
            check(in -> applyInDomain(kind, in.get(0)), x);
        }
    }

    /** Applies {@code kind} to values moved into its domain (log, sqrt, rsqrt need positive inputs). */
    static Tensor applyInDomain(UnaryKind kind, Tensor x) {
        return switch (kind) {
            case LOG, SQRT, RSQRT -> Elementwise.unary(kind, x.mul(x).add(0.5));
            case LOG1P -> Elementwise.unary(kind, x.mul(x));
            default -> Elementwise.unary(kind, x);
        };
    }

    @Property(tries = 40)
    void binaryFunctionsWithBroadcasting(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] sa = randomShape(rng, 0, 3);
        int[] sb = broadcastPartner(rng, sa);
        if (rng.nextBoolean()) {
            int[] t = sa;
            sa = sb;
            sb = t;
        }
        Tensor a = GradCheck.input(rng, rng.nextInt(4), sa);
        Tensor b = GradCheck.input(rng, rng.nextInt(4), sb);
        for (BinaryKind kind : BinaryKind.values()) {
            check(in -> {
                Tensor x = in.get(0);
                Tensor y = in.get(1);
                return switch (kind) {
                    case POW -> x.mul(x).add(0.5).pow(y);
                    case DIV -> x.div(y.mul(y).add(0.5));
                    default -> Elementwise.binary(kind, x, y);
                };
            }, a, b);
        }
    }

    @Property(tries = 30)
    void whereAndMaskedFill(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] s = randomShape(rng, 1, 3);
        Tensor a = GradCheck.input(rng, rng.nextInt(4), s);
        Tensor b = GradCheck.input(rng, rng.nextInt(4), broadcastPartner(rng, s));
        Tensor cond = Tensor.randn(rng, DType.F64, s).gt(0.0);
        check(in -> Tensor.where(cond, in.get(0), in.get(1)), a, b);
        check(in -> in.get(0).maskedFill(cond, -3.0), a);
    }

    @Property(tries = 40)
    void reductions(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] s = randomShape(rng, 1, 4);
        Tensor x = GradCheck.input(rng, rng.nextInt(4), s);
        int dim = rng.nextInt(s.length);
        boolean keep = rng.nextBoolean();
        check(in -> in.get(0).sum(dim, keep), x);
        check(in -> in.get(0).mean(dim, keep), x);
        check(in -> in.get(0).max(dim, keep), x);
        check(in -> in.get(0).min(dim, keep), x);
        check(in -> in.get(0).sum(), x);
        check(in -> in.get(0).max(), x);
        if (s[dim] > 1) {
            check(in -> in.get(0).var(dim, 1, keep), x);
        }
        if (s.length >= 2) {
            check(in -> in.get(0).mean(new int[] {0, s.length - 1}, keep), x);
        }
    }

    @Property(tries = 40)
    void matmulWithBatchBroadcasting(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int m = 1 + rng.nextInt(4);
        int k = 1 + rng.nextInt(4);
        int n = 1 + rng.nextInt(4);
        int[] batch = randomShape(rng, 0, 2);
        int[] bBatch = broadcastPartner(rng, batch);
        Tensor a = GradCheck.input(rng, rng.nextInt(4), concat(batch, m, k));
        Tensor b = GradCheck.input(rng, rng.nextInt(4), concat(bBatch, k, n));
        check(in -> in.get(0).matmul(in.get(1)), a, b);
        Tensor v = GradCheck.input(rng, 0, k);
        check(in -> in.get(0).matmul(in.get(1)), a, v);
        Tensor w = GradCheck.input(rng, 0, m);
        check(in -> in.get(0).matmul(in.get(1)), w, a);
        Tensor u = GradCheck.input(rng, 0, k);
        check(in -> in.get(0).matmul(in.get(1)), u, v);
    }

    private static int[] concat(int[] batch, int... tail) {
        int[] s = java.util.Arrays.copyOf(batch, batch.length + tail.length);
        System.arraycopy(tail, 0, s, batch.length, tail.length);
        return s;
    }

    @Property(tries = 40)
    void viewsAndCopies(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] s = randomShape(rng, 2, 4);
        Tensor x = GradCheck.input(rng, rng.nextInt(4), s);
        int last = s.length - 1;
        check(in -> in.get(0).reshape(-1), x);
        check(in -> in.get(0).transpose(0, last).contiguous(), x);
        check(in -> in.get(0).permute(reversed(s.length)).mul(2.0), x);
        check(in -> in.get(0).slice(last, 0, s[last], 2), x);
        check(in -> in.get(0).select(0, s[0] - 1), x);
        check(in -> in.get(0).unsqueeze(1).expand(concatAt(s, 1, 3)), x);
        check(in -> in.get(0).flatten(0, 1).unflatten(0, s[0], s[1]), x);
        check(in -> in.get(0).clone(), x);
        check(in -> in.get(0).to(DType.F64), x);
        check(in -> Functional.pad(in.get(0), new int[] {1, 2, 0, 1}, 0.5), x);
        int shift = 1 + rng.nextInt(3);
        check(in -> Functional.roll(in.get(0), shift, last), x);
    }

    private static int[] reversed(int rank) {
        int[] p = new int[rank];
        for (int i = 0; i < rank; i++) {
            p[i] = rank - 1 - i;
        }
        return p;
    }

    private static int[] concatAt(int[] s, int at, int size) {
        int[] out = new int[s.length + 1];
        for (int i = 0, j = 0; i < out.length; i++) {
            out[i] = i == at ? size : s[j++];
        }
        return out;
    }

    @Property(tries = 30)
    void joinAndSplit(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] s = randomShape(rng, 1, 3);
        int dim = rng.nextInt(s.length);
        int[] s2 = s.clone();
        s2[dim] = 1 + rng.nextInt(3);
        Tensor a = GradCheck.input(rng, rng.nextInt(4), s);
        Tensor b = GradCheck.input(rng, rng.nextInt(4), s2);
        check(in -> Tensor.cat(in, dim), a, b);
        Tensor c = GradCheck.input(rng, 0, s);
        int stackDim = rng.nextInt(s.length + 1);
        check(in -> Tensor.stack(in, stackDim), a, c);
        check(in -> in.get(0).split(2, dim).getLast().mul(3.0), a);
        check(in -> in.get(0).chunk(2, dim).getFirst().mul(3.0), a);
    }

    @Property(tries = 30)
    void indexing(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] s = randomShape(rng, 1, 3);
        int dim = rng.nextInt(s.length);
        Tensor x = GradCheck.input(rng, rng.nextInt(4), s);
        long[] picks = new long[1 + rng.nextInt(5)];
        for (int i = 0; i < picks.length; i++) {
            picks[i] = rng.nextInt(s[dim]);
        }
        Tensor idx = Tensor.of(picks);
        check(in -> in.get(0).indexSelect(dim, idx), x);
        int[] is = s.clone();
        is[dim] = 1 + rng.nextInt(4);
        long[] gi = new long[(int) Shape.numel(is)];
        for (int i = 0; i < gi.length; i++) {
            gi[i] = rng.nextInt(s[dim]);
        }
        Tensor gatherIdx = Tensor.of(gi, is);
        check(in -> in.get(0).gather(dim, gatherIdx), x);
        Tensor src = GradCheck.input(rng, 0, is);
        check(in -> in.get(0).scatterAdd(dim, gatherIdx, in.get(1)), x, src);
        check(in -> in.get(0).cumsum(dim), x);
        int k = 1 + rng.nextInt(s[dim]);
        boolean largest = rng.nextBoolean();
        check(in -> Functional.topk(in.get(0), k, dim, largest).values(), x);
        Tensor weight = GradCheck.input(rng, rng.nextInt(4), 5, 3);
        Tensor ids = Tensor.of(new long[] {4, 0, 2, 2, 1, 3}, 2, 3);
        check(in -> Functional.embedding(ids, in.get(0)), weight);
    }

    @Property(tries = 30)
    void neuralNetworkFunctions(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int[] s = randomShape(rng, 1, 3);
        int c = s[s.length - 1];
        Tensor x = GradCheck.input(rng, rng.nextInt(4), s);
        Tensor w = GradCheck.input(rng, 0, c);
        Tensor b = GradCheck.input(rng, 0, c);
        check(in -> in.get(0).softmax(-1), x);
        check(in -> in.get(0).logSoftmax(0), x);
        check(in -> Functional.layerNorm(in.get(0), 1, in.get(1), in.get(2), 1e-5), x, w, b);
        check(in -> Functional.rmsNorm(in.get(0), in.get(1), 1e-6), x, w);
        check(in -> Functional.gelu(in.get(0)), x);
        check(in -> Functional.geluTanh(in.get(0)), x);
        check(in -> Functional.silu(in.get(0)), x);
        check(in -> Functional.softplus(in.get(0), 1.5), x);
        check(in -> Functional.elu(in.get(0), 0.7), x);
        long dropoutSeed = rng.nextLong();
        check(in -> Functional.dropout(in.get(0), 0.3, true, new Random(dropoutSeed)), x);
        Tensor lw = GradCheck.input(rng, rng.nextInt(4), 3, c);
        Tensor lb = GradCheck.input(rng, 0, 3);
        check(in -> Functional.linear(in.get(0), in.get(1), in.get(2)), x, lw, lb);
    }

    @Property(tries = 25)
    void lossFunctions(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int n = 1 + rng.nextInt(4);
        int classes = 2 + rng.nextInt(4);
        boolean spatial = rng.nextBoolean();
        int[] logitShape = spatial ? new int[] {n, classes, 2} : new int[] {n, classes};
        int[] targetShape = spatial ? new int[] {n, 2} : new int[] {n};
        Tensor logits = GradCheck.input(rng, rng.nextInt(4), logitShape);
        long[] t = new long[(int) Shape.numel(targetShape)];
        for (int i = 0; i < t.length; i++) {
            t[i] = i == 0 ? rng.nextInt(classes) : (rng.nextInt(5) == 0 ? -100 : rng.nextInt(classes));
        }
        Tensor target = Tensor.of(t, targetShape);
        double smoothing = rng.nextBoolean() ? 0.0 : 0.1;
        check(in -> Functional.crossEntropy(in.get(0), target, -100, smoothing, "mean"), logits);
        check(in -> Functional.crossEntropy(in.get(0), target, -100, smoothing, "none"), logits);
        Tensor y = GradCheck.input(rng, 0, logitShape);
        check(in -> Functional.mse(in.get(0), in.get(1), "mean"), logits, y);
    }

    @Property(tries = 20)
    void convolutions(@ForAll @IntRange(max = 1_000_000) int seed) {
        Random rng = new Random(seed);
        int groups = 1 + rng.nextInt(2);
        int cin = groups * (1 + rng.nextInt(2));
        int cout = groups * (1 + rng.nextInt(2));
        int kh = 1 + rng.nextInt(3);
        int kw = 1 + rng.nextInt(3);
        int stride = 1 + rng.nextInt(2);
        int pad = rng.nextInt(2);
        int dil = 1 + rng.nextInt(2);
        int h = dil * (kh - 1) + 1 + rng.nextInt(3);
        int w = dil * (kw - 1) + 1 + rng.nextInt(3);
        Tensor x = GradCheck.input(rng, rng.nextInt(4), 1 + rng.nextInt(2), cin, h, w);
        Tensor weight = GradCheck.input(rng, 0, cout, cin / groups, kh, kw);
        Tensor bias = GradCheck.input(rng, 0, cout);
        check(in -> Functional.conv2d(in.get(0), in.get(1), in.get(2), new int[] {stride, stride},
                new int[] {pad, pad}, new int[] {dil, dil}, groups), x, weight, bias);
        Tensor x1 = GradCheck.input(rng, rng.nextInt(4), 2, cin, w + 2);
        Tensor w1 = GradCheck.input(rng, 0, cout, cin / groups, kw);
        check(in -> Functional.conv1d(in.get(0), in.get(1), null, stride, kw - 1, 1, groups), x1, w1);
    }
}
