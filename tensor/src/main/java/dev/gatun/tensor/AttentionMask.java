package dev.gatun.tensor;

/**
 * Which keys each query may attend to in {@link Attention#scaledDotProduct}. Every part is optional and
 * they combine with AND:
 *
 * <ul>
 *   <li>{@code causal}: query {@code i} of {@code Tq} sits at position {@code i + (Tk - Tq)} and sees keys
 *       at positions {@code <=} its own (aligned bottom-right, as with a KV cache: a single new query sees
 *       every cached key). With {@code Tq == Tk} this is the usual lower triangle.</li>
 *   <li>{@code window > 0}: keys within {@code window} positions, {@code |qpos - kpos| < window}; with
 *       {@code causal}, the last {@code window} keys (Mistral's sliding window).</li>
 *   <li>{@code keyMask} (B, Tk) {@link DType#BOOL}: true where the key may be attended (Hugging Face's
 *       {@code attention_mask} convention; padding is false).</li>
 *   <li>{@code blockMask} (ceil(Tq/blockSize), ceil(Tk/blockSize)) BOOL: block-sparse attention; query
 *       {@code i} sees key {@code j} only where {@code blockMask[i / blockSize][j / blockSize]} is true.</li>
 * </ul>
 *
 * A query that may attend to no key at all gets an output of zeros (not NaN).
 *
 * {@snippet :
 * AttentionMask mask = AttentionMask.NONE.withCausal(true).withWindow(4096);
 * }
 */
public record AttentionMask(boolean causal, int window, Tensor keyMask, Tensor blockMask, int blockSize) {
    /** Every query sees every key. */
    public static final AttentionMask NONE = new AttentionMask(false, 0, null, null, 0);

    public AttentionMask {
        if (window < 0) {
            throw new GatunException("attention window must be >= 0 (0 for none), got " + window);
        }
        if (keyMask != null && (keyMask.dtype() != DType.BOOL || keyMask.rank() != 2)) {
            throw new GatunException("attention key mask must be a BOOL tensor (B, Tk), got " + keyMask.dtype() + " "
                    + Shape.toString(keyMask.shape()));
        }
        if (blockMask != null && (blockMask.dtype() != DType.BOOL || blockMask.rank() != 2 || blockSize < 1)) {
            throw new GatunException("attention block mask must be a BOOL tensor (Tq/bs, Tk/bs) with block size >= 1, got "
                    + blockMask.dtype() + " " + Shape.toString(blockMask.shape()) + " and block size " + blockSize);
        }
        if (blockMask == null && blockSize != 0) {
            throw new GatunException("attention block size " + blockSize + " given without a block mask");
        }
    }

    public AttentionMask withCausal(boolean on) {
        return new AttentionMask(on, window, keyMask, blockMask, blockSize);
    }

    public AttentionMask withWindow(int size) {
        return new AttentionMask(causal, size, keyMask, blockMask, blockSize);
    }

    public AttentionMask withKeyMask(Tensor mask) {
        return new AttentionMask(causal, window, mask, blockMask, blockSize);
    }

    public AttentionMask withBlockMask(Tensor mask, int size) {
        return new AttentionMask(causal, window, keyMask, mask, mask == null ? 0 : size);
    }

    /** Whether every query sees every key. */
    public boolean isEmpty() {
        return !causal && window == 0 && keyMask == null && blockMask == null;
    }

    /** Checks the masks' shapes against a batch of {@code batch} with {@code tq} queries and {@code tk} keys. */
    public void check(int batch, int tq, int tk) {
        if (keyMask != null && (keyMask.size(0) != batch || keyMask.size(1) != tk)) {
            throw new GatunException("attention key mask has shape " + Shape.toString(keyMask.shape()) + "; expected ["
                    + batch + ", " + tk + "]");
        }
        if (blockMask != null) {
            int rows = Math.ceilDiv(tq, blockSize);
            int cols = Math.ceilDiv(tk, blockSize);
            if (blockMask.size(0) != rows || blockMask.size(1) != cols) {
                throw new GatunException("attention block mask has shape " + Shape.toString(blockMask.shape())
                        + "; expected [" + rows + ", " + cols + "] for " + tq + " queries, " + tk
                        + " keys and block size " + blockSize);
            }
        }
    }
}
