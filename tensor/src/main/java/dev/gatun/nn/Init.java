package dev.gatun.nn;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.lang.foreign.MemorySegment;
import java.util.function.DoubleSupplier;
import java.util.random.RandomGenerator;

/**
 * Parameter initialisers, named after {@code torch.nn.init}. Each fills a contiguous floating-point
 * tensor in place from an explicit {@link RandomGenerator}, so a seed fixes the whole model, and returns
 * it. They write memory directly and record nothing, so they may run on parameters that require grad.
 */
public final class Init {
    private static final ThreadLocal<int[]> SKIP_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Init() {
    }

    /**
     * Makes every initialiser on this thread leave its tensor as it is (zero, when freshly made) until the
     * returned handle is closed: for building a model whose parameters a checkpoint is about to
     * overwrite, where drawing millions of random numbers first only costs time (most of the load time
     * of a BERT with a large vocabulary).
     *
     * {@snippet :
     * BertModel model;
     * try (Init.Skipping ignored = Init.skipping()) {
     *     model = new BertModel(config, false, rng);
     * }
     * model.loadStateDict(state, true);
     * }
     */
    public static Skipping skipping() {
        int[] depth = SKIP_DEPTH.get();
        depth[0]++;
        boolean[] closed = {false};
        return () -> {
            if (!closed[0]) {
                closed[0] = true;
                depth[0]--;
            }
        };
    }

    /** Handle of {@link #skipping()}; closing it (once counts) ends the skipping it began. */
    @FunctionalInterface
    public interface Skipping extends AutoCloseable {
        @Override
        void close();
    }

    /** Fills {@code t} with values drawn uniformly from {@code [low, high)}. */
    public static Tensor uniform_(Tensor t, double low, double high, RandomGenerator rng) {
        return fill(t, () -> low + (high - low) * rng.nextDouble());
    }

    /** Fills {@code t} with values from the normal distribution N(mean, std²). */
    public static Tensor normal_(Tensor t, double mean, double std, RandomGenerator rng) {
        return fill(t, () -> mean + std * rng.nextGaussian());
    }

    /** Fills {@code t} with {@code value}. */
    public static Tensor constant_(Tensor t, double value) {
        return fill(t, () -> value);
    }

    /**
     * PyTorch's default initialisation of {@code Linear} and {@code ConvNd} weights and biases,
     * {@code kaiming_uniform_(a=sqrt(5))}: the bound {@code gain * sqrt(3 / fanIn)} with
     * {@code gain = sqrt(2 / (1 + 5))} reduces to {@code U(-1/sqrt(fanIn), 1/sqrt(fanIn))}.
     */
    public static Tensor defaultUniform_(Tensor t, long fanIn, RandomGenerator rng) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0.0;
        return uniform_(t, -bound, bound, rng);
    }

    private static Tensor fill(Tensor t, DoubleSupplier value) {
        if (!t.isContiguous() || !t.dtype().isFloatingPoint()) {
            throw new GatunException("initialisers fill contiguous floating-point tensors, got a "
                    + (t.isContiguous() ? "" : "non-contiguous ") + t.dtype() + " tensor");
        }
        if (SKIP_DEPTH.get()[0] > 0) {
            return t;
        }
        DType type = t.dtype();
        MemorySegment seg = t.segment();
        long size = type.byteSize();
        long base = t.offset() * size;
        long n = t.numel();
        for (long i = 0; i < n; i++) {
            type.setDouble(seg, base + i * size, value.getAsDouble());
        }
        return t;
    }
}
