package dev.gatun.tensor;

/**
 * Scaled-dot-product attention, written out from primitives: the readable reference that fused
 * kernels (the native backend's flash attention) are tested against, and the differentiable path.
 *
 * <pre>
 *   out = softmax(q kᵀ · scale + mask) v
 *   q (B, H, Tq, D), k (B, Hkv, Tk, D), v (B, Hkv, Tk, Dv)  →  out (B, H, Tq, Dv)
 * </pre>
 *
 * With {@code Hkv < H} (grouped-query attention, as Llama 2 70B and Mistral), head {@code h} reads key/value
 * head {@code h / (H / Hkv)}. The mask is described by {@link AttentionMask}; masked scores become
 * {@code -inf}, and a query that sees no key gets zeros. See Vaswani et al., "Attention Is All You Need",
 * 2017, eq. 1; {@code torch.nn.functional.scaled_dot_product_attention}.
 *
 * {@snippet :
 * Tensor out = Attention.scaledDotProduct(q, k, v, 1 / Math.sqrt(q.size(-1)), AttentionMask.NONE.withCausal(true));
 * }
 */
public final class Attention {
    private Attention() {
    }

    /** The usual scale {@code 1 / sqrt(D)}. */
    public static double defaultScale(Tensor q) {
        return 1.0 / Math.sqrt(q.size(-1));
    }

    public static Tensor scaledDotProduct(Tensor q, Tensor k, Tensor v, double scale, AttentionMask mask) {
        scaledDotProductShapes(q, k, v);
        int batch = q.size(0);
        int heads = q.size(1);
        int tq = q.size(2);
        int tk = k.size(2);
        mask.check(batch, tq, tk);
        if (tk == 0) {
            return Tensor.zeros(q.dtype(), batch, heads, tq, v.size(3));          // no key to attend to
        }
        Tensor kx = repeatKv(k, heads);                                          // (B, H, Tk, D)
        Tensor vx = repeatKv(v, heads);                                          // (B, H, Tk, Dv)
        Tensor scores = q.matmul(kx.mT()).mul(scale);                            // (B, H, Tq, Tk)
        if (mask.isEmpty()) {
            return scores.softmax(-1).matmul(vx);
        }
        Tensor allowed = allowed(mask, batch, tq, tk);                           // (B or 1, 1, Tq, Tk), 0 or 1
        Tensor probs = scores.maskedFill(allowed.eq(0.0), Double.NEGATIVE_INFINITY).softmax(-1);
        Tensor seesAny = allowed.sum(-1, true).gt(0.0);                          // (B or 1, 1, Tq, 1)
        probs = Tensor.where(seesAny, probs, Tensor.scalar(probs.dtype(), 0.0));
        return probs.matmul(vx);
    }

    /** Checks that q, k and v have the shapes described above. */
    public static void scaledDotProductShapes(Tensor q, Tensor k, Tensor v) {
        if (q.rank() != 4 || k.rank() != 4 || v.rank() != 4) {
            throw new GatunException("attention needs q (B, H, Tq, D), k (B, Hkv, Tk, D) and v (B, Hkv, Tk, Dv), got "
                    + Shape.toString(q.shape()) + ", " + Shape.toString(k.shape()) + " and " + Shape.toString(v.shape()));
        }
        boolean fits = k.size(0) == q.size(0) && v.size(0) == q.size(0) && k.size(1) == v.size(1)
                && k.size(2) == v.size(2) && k.size(3) == q.size(3) && k.size(1) > 0
                && q.size(1) % k.size(1) == 0;
        if (!fits) {
            throw new GatunException("attention shapes do not fit: q " + Shape.toString(q.shape()) + ", k "
                    + Shape.toString(k.shape()) + ", v " + Shape.toString(v.shape())
                    + " (batch and head size must agree, and H must be a multiple of Hkv)");
        }
    }

    /** (B, Hkv, T, D) → (B, H, T, D), each key/value head repeated for its group of query heads. */
    private static Tensor repeatKv(Tensor x, int heads) {
        int[] s = x.shape();
        int groups = heads / s[1];
        if (groups == 1) {
            return x;
        }
        return x.unsqueeze(2).expand(s[0], s[1], groups, s[2], s[3]).reshape(s[0], heads, s[2], s[3]);
    }

    /** Where each query may attend each key: F32 (B or 1, 1, Tq, Tk), 1 where allowed and 0 where masked. */
    public static Tensor allowed(AttentionMask mask, int batch, int tq, int tk) {
        Tensor qpos = Tensor.arange(tq).add((double) tk - tq).reshape(tq, 1);    // (Tq, 1)
        Tensor kpos = Tensor.arange(tk).reshape(1, tk);                          // (1, Tk)
        Tensor ok = Tensor.ones(DType.F32, tq, tk);
        if (mask.causal()) {
            ok = ok.mul(kpos.le(qpos).to(DType.F32));
        }
        if (mask.window() > 0) {
            ok = ok.mul(qpos.sub(kpos).abs().lt((double) mask.window()).to(DType.F32));
        }
        if (mask.blockMask() != null) {
            Tensor blocks = mask.blockMask().to(DType.F32);
            ok = ok.mul(blocks.indexSelect(0, blockOf(tq, mask.blockSize())).indexSelect(1, blockOf(tk, mask.blockSize())));
        }
        Tensor out = ok.reshape(1, 1, tq, tk);
        if (mask.keyMask() != null) {
            out = out.mul(mask.keyMask().to(DType.F32).reshape(batch, 1, 1, tk));
        }
        return out;
    }

    /** {@code [0, 0, ..., 1, 1, ...]}: the block of each of {@code n} positions. */
    private static Tensor blockOf(int n, int blockSize) {
        long[] idx = new long[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i / blockSize;
        }
        return Tensor.of(idx);
    }
}
