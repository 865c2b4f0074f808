package dev.gatun.tensor.backend;

import dev.gatun.tensor.Attention;
import dev.gatun.tensor.AttentionMask;
import dev.gatun.tensor.Tensor;

/**
 * {@code out = softmax(q kᵀ · scale + mask) v}: q (B, H, Tq, D), k (B, Hkv, Tk, D), v (B, Hkv, Tk, Dv),
 * out (B, H, Tq, Dv); H a multiple of Hkv. See {@link Attention} for the reference and {@link AttentionMask}
 * for the masks. Native backends run it flash-style, never materialising the (Tq, Tk) scores.
 */
public record AttentionSpec(Tensor q, Tensor k, Tensor v, Tensor out, double scale, AttentionMask mask)
        implements KernelSpec {

    public AttentionSpec {
        String n = "attention";
        SpecChecks.floating(n, "q", q);
        SpecChecks.floating(n, "k", k);
        SpecChecks.floating(n, "v", v);
        if (mask == null) {
            throw new dev.gatun.tensor.GatunException("attention: the mask must be given (AttentionMask.NONE for none)");
        }
        Attention.scaledDotProductShapes(q, k, v);
        SpecChecks.shape(n, "out", out, q.size(0), q.size(1), q.size(2), v.size(3));
        mask.check(q.size(0), q.size(2), k.size(2));
    }

    /** A spec writing a new F32 tensor, scaled by {@code 1/sqrt(D)}. */
    public static AttentionSpec of(Tensor q, Tensor k, Tensor v, AttentionMask mask) {
        Tensor out = Tensor.zeros(q.dtype(), q.size(0), q.size(1), q.size(2), v.size(3));
        return new AttentionSpec(q, k, v, out, Attention.defaultScale(q), mask);
    }

    @Override
    public String kernel() {
        return "attention";
    }
}
