package dev.gatun.tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The neural-network functions, each composed from primitives (so each is differentiable through them).
 * Names and semantics follow {@code torch.nn.functional}.
 */
public final class Functional {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double SQRT_TWO_OVER_PI = Math.sqrt(2.0 / Math.PI);

    private Functional() {
    }

    /** {@code exp(x) / sum(exp(x))} along dim, computed after subtracting the (constant) maximum. */
    public static Tensor softmax(Tensor x, int dim) {
        Tensor shifted = x.sub(x.detach().max(dim, true));
        Tensor e = shifted.exp();
        return e.div(e.sum(dim, true));
    }

    /** {@code x - log(sum(exp(x)))} along dim, stable for large values. */
    public static Tensor logSoftmax(Tensor x, int dim) {
        Tensor shifted = x.sub(x.detach().max(dim, true));
        return shifted.sub(shifted.exp().sum(dim, true).log());
    }

    /** Layer normalisation over the last {@code normalizedDims} dimensions; weight and bias may be null. */
    public static Tensor layerNorm(Tensor x, int normalizedDims, Tensor weight, Tensor bias, double eps) {
        int[] dims = lastDims(x.rank(), normalizedDims);
        Tensor mean = x.mean(dims, true);
        Tensor centered = x.sub(mean);
        Tensor var = centered.mul(centered).mean(dims, true);
        Tensor y = centered.mul(var.add(eps).rsqrt());
        if (weight != null) {
            y = y.mul(weight);
        }
        return bias == null ? y : y.add(bias);
    }

    /** Root-mean-square normalisation over the last dimension: {@code x / sqrt(mean(x^2) + eps) * weight}. */
    public static Tensor rmsNorm(Tensor x, Tensor weight, double eps) {
        Tensor y = x.mul(x.mul(x).mean(-1, true).add(eps).rsqrt());
        return weight == null ? y : y.mul(weight);
    }

    private static int[] lastDims(int rank, int count) {
        if (count < 1 || count > rank) {
            throw new GatunException("cannot normalise the last " + count + " dimensions of a rank-" + rank + " tensor");
        }
        int[] dims = new int[count];
        for (int i = 0; i < count; i++) {
            dims[i] = rank - count + i;
        }
        return dims;
    }

    /** GELU with the exact erf form: {@code x/2 (1 + erf(x/sqrt 2))}. */
    public static Tensor gelu(Tensor x) {
        return x.mul(x.mul(SQRT_HALF).erf().add(1.0)).mul(0.5);
    }

    /** GELU with the tanh approximation: {@code x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    public static Tensor geluTanh(Tensor x) {
        Tensor inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(SQRT_TWO_OVER_PI);
        return x.mul(inner.tanh().add(1.0)).mul(0.5);
    }

    /** {@code x * sigmoid(x)}. */
    public static Tensor silu(Tensor x) {
        return x.mul(x.sigmoid());
    }

    /** {@code log(1 + exp(beta x)) / beta}, written as {@code relu(bx)/b + log1p(exp(-|bx|))/b} so it never overflows. */
    public static Tensor softplus(Tensor x, double beta) {
        Tensor bx = beta == 1.0 ? x : x.mul(beta);
        Tensor y = bx.relu().add(bx.abs().neg().exp().log1p());
        return beta == 1.0 ? y : y.div(beta);
    }

    /** {@code x} for positive x, {@code alpha (exp(x) - 1)} otherwise. */
    public static Tensor elu(Tensor x, double alpha) {
        Tensor negative = x.minimum(Tensor.scalar(x.dtype(), 0.0)).expm1().mul(alpha);
        return Tensor.where(x.gt(0.0), x, negative);
    }

    /**
     * Zeroes each element with probability {@code p} and scales the rest by {@code 1/(1-p)} when training;
     * the identity otherwise.
     */
    public static Tensor dropout(Tensor x, double p, boolean training, RandomGenerator rng) {
        if (p < 0 || p > 1) {
            throw new GatunException("dropout probability must be in [0, 1], got " + p);
        }
        if (!training || p == 0) {
            return x;
        }
        if (p == 1) {
            return x.mul(0.0);
        }
        Tensor keep = Tensor.rand(rng, x.dtype(), x.shape()).ge(Tensor.scalar(x.dtype(), p));
        return x.mul(keep.to(x.dtype())).mul(1.0 / (1.0 - p));
    }

    /** {@code x W^T + b} for weight (out, in) and optional bias (out). */
    public static Tensor linear(Tensor x, Tensor weight, Tensor bias) {
        Tensor y = x.matmul(weight.mT());
        return bias == null ? y : y.add(bias);
    }

    /** Rows of {@code weight} (V, C) picked by integer {@code ids} of any shape: result (ids..., C). */
    public static Tensor embedding(Tensor ids, Tensor weight) {
        int[] shape = ids.shape();
        int[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = weight.size(1);
        return weight.indexSelect(0, ids.reshape(-1)).reshape(out);
    }

    /** Mean squared error; {@code reduction} is "mean", "sum" or "none". */
    public static Tensor mse(Tensor input, Tensor target, String reduction) {
        Tensor d = input.sub(target);
        return reduce(d.mul(d), reduction);
    }

    /**
     * Cross-entropy of logits (N, C) or (N, C, d...) against class indices (N) or (N, d...), as PyTorch's
     * {@code F.cross_entropy}: targets equal to {@code ignoreIndex} contribute nothing, and
     * {@code labelSmoothing} mixes the one-hot target with the uniform distribution.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor target, int ignoreIndex, double labelSmoothing,
                                      String reduction) {
        if (logits.rank() < 2) {
            throw new GatunException("cross_entropy needs logits (N, C, ...), got " + Shape.toString(logits.shape()));
        }
        int classes = logits.size(1);
        Tensor moved = logits.rank() == 2 ? logits : logits.movedim(1, -1);
        Tensor logp = moved.reshape(-1, classes).logSoftmax(-1);                     // (N', C)
        Tensor t = target.reshape(-1);
        if (t.numel() != logp.size(0) || target.dtype().isFloatingPoint()) {
            throw new GatunException("cross_entropy target must hold " + logp.size(0) + " integer class indices, got "
                    + target.dtype() + " of shape " + Shape.toString(target.shape()));
        }
        Tensor valid = t.ne(Tensor.scalar(t.dtype(), ignoreIndex));
        Tensor safe = Tensor.where(valid, t, Tensor.scalar(t.dtype(), 0));
        checkClasses(safe, classes);
        Tensor nll = logp.gather(1, safe.unsqueeze(1)).squeeze(1).neg();            // (N')
        if (labelSmoothing > 0) {
            Tensor smooth = logp.mean(-1, false).neg();
            nll = nll.mul(1.0 - labelSmoothing).add(smooth.mul(labelSmoothing));
        }
        Tensor weight = valid.to(nll.dtype());
        Tensor losses = nll.mul(weight);
        return switch (reduction) {
            case "mean" -> losses.sum().div(weight.sum());
            case "sum" -> losses.sum();
            case "none" -> losses.reshape(target.shape());
            default -> throw new GatunException("reduction must be mean, sum or none, got '" + reduction + "'");
        };
    }

    private static void checkClasses(Tensor targets, int classes) {
        if (targets.numel() == 0) {
            return;
        }
        long max = (long) targets.max().item();
        long min = (long) targets.min().item();
        if (min < 0 || max >= classes) {
            throw new GatunException("cross_entropy target holds class " + (min < 0 ? min : max) + "; expected 0.."
                    + (classes - 1) + " or the ignore index");
        }
    }

    private static Tensor reduce(Tensor losses, String reduction) {
        return switch (reduction) {
            case "mean" -> losses.mean();
            case "sum" -> losses.sum();
            case "none" -> losses;
            default -> throw new GatunException("reduction must be mean, sum or none, got '" + reduction + "'");
        };
    }

    /** 2-D convolution; see {@code torch.nn.functional.conv2d}. */
    public static Tensor conv2d(Tensor x, Tensor weight, Tensor bias, int[] stride, int[] padding, int[] dilation,
                                int groups) {
        return Convolution.conv2d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** 1-D convolution; see {@code torch.nn.functional.conv1d}. */
    public static Tensor conv1d(Tensor x, Tensor weight, Tensor bias, int stride, int padding, int dilation, int groups) {
        return Convolution.conv1d(x, weight, bias, stride, padding, dilation, groups);
    }

    /** Constant padding; {@code pads} are (before, after) pairs from the last dimension backwards. */
    public static Tensor pad(Tensor x, int[] pads, double value) {
        return Copies.pad(x, pads, value);
    }

    /** Elements shifted by {@code shift} along dim, wrapping around. */
    public static Tensor roll(Tensor x, int shift, int dim) {
        int d = Shape.normalizeDim(dim, x.rank());
        int n = x.size(d);
        if (n == 0) {
            return x;
        }
        int s = Math.floorMod(shift, n);
        if (s == 0) {
            return x.clone();
        }
        return Tensor.cat(List.of(x.narrow(d, n - s, s), x.narrow(d, 0, n - s)), d);
    }

    /** The k largest (or smallest) elements along dim, sorted, with their indices. */
    public static TopK topk(Tensor x, int k, int dim, boolean largest) {
        return Indexing.topk(x, k, dim, largest);
    }

    static Tensor stack(List<Tensor> xs, int dim) {
        if (xs.isEmpty()) {
            throw new GatunException("stack needs at least one tensor");
        }
        int d = Shape.normalizeDim(dim, xs.get(0).rank() + 1);
        List<Tensor> expanded = new ArrayList<>(xs.size());
        for (Tensor t : xs) {
            expanded.add(t.unsqueeze(d));
        }
        return Tensor.cat(expanded, d);
    }

    static List<Tensor> split(Tensor x, int splitSize, int dim) {
        if (splitSize < 1) {
            throw new GatunException("split size must be >= 1, got " + splitSize);
        }
        int d = Shape.normalizeDim(dim, x.rank());
        List<Tensor> parts = new ArrayList<>();
        for (int start = 0; start < x.size(d); start += splitSize) {
            parts.add(x.narrow(d, start, Math.min(splitSize, x.size(d) - start)));
        }
        return parts;
    }

    static List<Tensor> chunk(Tensor x, int chunks, int dim) {
        if (chunks < 1) {
            throw new GatunException("chunk count must be >= 1, got " + chunks);
        }
        int size = x.size(dim);
        return split(x, Math.max(1, Math.ceilDiv(size, chunks)), dim);
    }
}
