package dev.gatun.tensor;

import java.util.List;

/**
 * Rotary position embedding (Su et al., "RoFormer", 2021), in the rotate-half form of Llama and GPT-NeoX
 * ({@code apply_rotary_pos_emb} in Hugging Face transformers). Written out from primitives: the reference
 * for fused kernels, and differentiable.
 *
 * <p>For a row {@code x} of size D at position {@code pos}, rotary dimension {@code R = 2 · cos.size(1)}
 * and {@code i < R/2}:
 * <pre>
 *   out[i]       = x[i] · cos[pos][i] − x[i + R/2] · sin[pos][i]
 *   out[i + R/2] = x[i + R/2] · cos[pos][i] + x[i] · sin[pos][i]
 *   out[R..D)    = x[R..D)        (partial rotary, as GPT-NeoX's rotary_pct)
 * </pre>
 *
 * {@snippet :
 * Rope.Tables t = Rope.tables(64, 2048, 10000.0);                 // cos, sin (2048, 32)
 * Tensor rotated = Rope.apply(q, t.cos(), t.sin(), positions);   // q (B, H, T, 64), positions (B, T)
 * }
 */
public final class Rope {
    private Rope() {
    }

    /** Cosine and sine tables, both (maxPositions, rotaryDim / 2) F32. */
    public record Tables(Tensor cos, Tensor sin) {
    }

    /**
     * The tables for frequencies {@code theta^(-2i / rotaryDim)}, {@code i < rotaryDim / 2}, at positions
     * {@code 0 .. maxPositions-1}; angles are computed in double precision.
     */
    public static Tables tables(int rotaryDim, int maxPositions, double theta) {
        if (rotaryDim < 2 || rotaryDim % 2 != 0 || maxPositions < 0 || theta <= 0) {
            throw new GatunException("RoPE tables need an even rotary dimension >= 2, positions >= 0 and theta > 0, got "
                    + rotaryDim + ", " + maxPositions + ", " + theta);
        }
        int half = rotaryDim / 2;
        Tensor cos = Tensor.zeros(DType.F32, maxPositions, half);
        Tensor sin = Tensor.zeros(DType.F32, maxPositions, half);
        for (int p = 0; p < maxPositions; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(theta, -2.0 * i / rotaryDim);
                cos.setDouble(Math.cos(angle), p, i);
                sin.setDouble(Math.sin(angle), p, i);
            }
        }
        return new Tables(cos, sin);
    }

    /**
     * Rotates {@code x} (B, H, T, D) by the angles of {@code positions}: integer (B, T) or (T). {@code cos}
     * and {@code sin} are (P, R/2) with {@code R <= D}; positions must lie in {@code [0, P)}.
     */
    public static Tensor apply(Tensor x, Tensor cos, Tensor sin, Tensor positions) {
        check(x, cos, sin, positions);
        int batch = x.size(0);
        int tokens = x.size(2);
        int d = x.size(3);
        int half = cos.size(1);
        Tensor pos = positions.rank() == 1 ? positions.unsqueeze(0).expand(batch, tokens) : positions;
        Tensor flat = pos.reshape(-1);                                            // (B·T)
        Tensor c = cos.indexSelect(0, flat).reshape(batch, 1, tokens, half);     // (B, 1, T, R/2)
        Tensor s = sin.indexSelect(0, flat).reshape(batch, 1, tokens, half);
        Tensor x1 = x.narrow(3, 0, half);
        Tensor x2 = x.narrow(3, half, half);
        Tensor out1 = x1.mul(c).sub(x2.mul(s));
        Tensor out2 = x2.mul(c).add(x1.mul(s));
        if (2 * half == d) {
            return Tensor.cat(List.of(out1, out2), 3);
        }
        return Tensor.cat(List.of(out1, out2, x.narrow(3, 2 * half, d - 2 * half)), 3);
    }

    /** Checks shapes and dtypes (not the position values; see {@link #checkPositions}). */
    public static void check(Tensor x, Tensor cos, Tensor sin, Tensor positions) {
        if (x.rank() != 4) {
            throw new GatunException("RoPE needs x (B, H, T, D), got " + Shape.toString(x.shape()));
        }
        if (cos.rank() != 2 || !java.util.Arrays.equals(cos.shape(), sin.shape()) || 2 * cos.size(1) > x.size(3)) {
            throw new GatunException("RoPE needs cos and sin of one shape (P, R/2) with R <= D = " + x.size(3) + ", got "
                    + Shape.toString(cos.shape()) + " and " + Shape.toString(sin.shape()));
        }
        boolean integer = !positions.dtype().isFloatingPoint() && positions.dtype() != DType.BOOL;
        boolean shaped = positions.rank() == 1 ? positions.size(0) == x.size(2)
                : positions.rank() == 2 && positions.size(0) == x.size(0) && positions.size(1) == x.size(2);
        if (!integer || !shaped) {
            throw new GatunException("RoPE positions must be integers of shape (B, T) = [" + x.size(0) + ", " + x.size(2)
                    + "] or (T), got " + positions.dtype() + " " + Shape.toString(positions.shape()));
        }
    }

    /** Checks every position lies in {@code [0, tableRows)}. */
    public static void checkPositions(Tensor positions, int tableRows) {
        if (positions.numel() == 0) {
            return;
        }
        long min = (long) positions.min().item();
        long max = (long) positions.max().item();
        if (min < 0 || max >= tableRows) {
            throw new GatunException("RoPE position " + (min < 0 ? min : max) + " is outside the tables' 0.."
                    + (tableRows - 1));
        }
    }
}
