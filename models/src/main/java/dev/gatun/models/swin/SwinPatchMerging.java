package dev.gatun.models.swin;

import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Linear;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Halves the token grid and doubles the width between stages, as Hugging Face's
 * {@code SwinPatchMerging} / {@code Swinv2PatchMerging}: each 2x2 block of tokens is concatenated
 * along channels in the order (even row, even column) | (odd row, even column) | (even row, odd column)
 * | (odd row, odd column), then v1 normalises the 4C vector and reduces it to 2C, v2 reduces then
 * normalises. An odd grid first gets a zero row or column at the bottom or right.
 *
 * <p>State-dict keys: {@code reduction.weight} (2C, 4C), no bias; {@code norm.*} (4C in v1, 2C in v2;
 * eps 1e-5).
 */
public final class SwinPatchMerging extends Module {
    private final boolean v2;
    private final int dim;
    private final Linear reduction;
    private final LayerNorm norm;

    public SwinPatchMerging(SwinConfig config, int dim, RandomGenerator rng) {
        this.v2 = config.isV2();
        this.dim = dim;
        reduction = registerModule("reduction", new Linear(4 * dim, 2 * dim, false, rng));
        norm = registerModule("norm", new LayerNorm(v2 ? 2 * dim : 4 * dim));
    }

    /**
     * Tokens (B, H*W, C) on a (height, width) grid to (B, ceil(H/2)*ceil(W/2), 2C).
     */
    public Tensor forward(Tensor hidden, int height, int width) {
        int b = hidden.size(0);
        if (hidden.rank() != 3 || hidden.size(1) != height * width || hidden.size(2) != dim) {
            throw new GatunException("Swin patch merging expects (B, " + height * width + ", " + dim + "), got "
                    + java.util.Arrays.toString(hidden.shape()));
        }
        Tensor x = hidden.reshape(b, height, width, dim);                     // (B, H, W, C)
        if (height % 2 == 1 || width % 2 == 1) {
            x = Functional.pad(x, new int[] {0, 0, 0, width % 2, 0, height % 2}, 0.0);
        }
        int hp = x.size(1);
        int wp = x.size(2);
        Tensor x0 = x.slice(1, 0, hp, 2).slice(2, 0, wp, 2);                  // (B, H/2, W/2, C)
        Tensor x1 = x.slice(1, 1, hp, 2).slice(2, 0, wp, 2);
        Tensor x2 = x.slice(1, 0, hp, 2).slice(2, 1, wp, 2);
        Tensor x3 = x.slice(1, 1, hp, 2).slice(2, 1, wp, 2);
        Tensor merged = Tensor.cat(List.of(x0, x1, x2, x3), -1)                // (B, H/2, W/2, 4C)
                .reshape(b, (hp / 2) * (wp / 2), 4 * dim);                     // (B, H/2*W/2, 4C)
        return v2 ? norm.forward(reduction.forward(merged)) : reduction.forward(norm.forward(merged));
    }
}
