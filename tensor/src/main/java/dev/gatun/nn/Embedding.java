package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * A lookup table of {@code numEmbeddings} vectors of size {@code embeddingDim}, as
 * {@code torch.nn.Embedding}: integer ids of any shape (...) give vectors (..., embeddingDim).
 *
 * <p>The {@code weight} (numEmbeddings, embeddingDim) is F32 and initialised from N(0, 1) like PyTorch.
 */
public final class Embedding extends Module implements Layer {
    private final int numEmbeddings;
    private final int embeddingDim;
    private final Tensor weight;

    /** A table of {@code numEmbeddings} rows of size {@code embeddingDim}, drawn from N(0, 1) by {@code rng}. */
    public Embedding(int numEmbeddings, int embeddingDim, RandomGenerator rng) {
        if (numEmbeddings < 1 || embeddingDim < 1) {
            throw new GatunException("Embedding needs positive sizes, got " + numEmbeddings + " x " + embeddingDim);
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.weight = registerParameter("weight", Init.normal_(Tensor.zeros(numEmbeddings, embeddingDim), 0, 1, rng));
    }

    /**
     * The rows of the table picked by integer {@code ids} (...): (..., embeddingDim). An id outside
     * {@code 0..numEmbeddings-1} is reported by the lookup itself.
     */
    @Override
    public Tensor forward(Tensor ids) {
        if (ids.dtype().isFloatingPoint()) {
            throw new GatunException("Embedding expects integer ids, got a " + ids.dtype() + " tensor");
        }
        return Functional.embedding(ids, weight);
    }

    /** The table, (numEmbeddings, embeddingDim). */
    public Tensor weight() {
        return weight;
    }

    public int numEmbeddings() {
        return numEmbeddings;
    }

    public int embeddingDim() {
        return embeddingDim;
    }

    @Override
    protected String extraRepr() {
        return numEmbeddings + ", " + embeddingDim;
    }
}
