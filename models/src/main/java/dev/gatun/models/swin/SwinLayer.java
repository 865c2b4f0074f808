package dev.gatun.models.swin;

import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Module;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * One Swin block, as Hugging Face's {@code SwinLayer} (v1) and {@code Swinv2Layer} (v2): window
 * attention over the (possibly shifted) windows of the token grid, then a two-layer MLP, each with a
 * residual connection.
 *
 * <ul>
 *   <li>v1, pre-norm: {@code x = x + attn(LN_before(x))}, {@code x = x + mlp(LN_after(x))}.
 *   <li>v2, res-post-norm: {@code x = x + LN_before(attn(x))}, {@code x = x + LN_after(mlp(x))}.
 * </ul>
 *
 * <p>Window and shift: odd blocks shift by {@code window_size / 2}. v1 decides per call, as Hugging
 * Face does: when {@code min(H, W) <= window_size} the block attends over one unshifted window of side
 * {@code min(H, W)} (and, since its bias table is fixed, a grid smaller than the window is an error).
 * v2 decides once, from the grid {@code image_size / patch_size / 2^stage} of the config: the window
 * is {@code min(grid, window_size)}, and there is no shift when the grid is not larger than it.
 *
 * <p>State-dict keys: {@code layernorm_before}, {@code attention.*}, {@code layernorm_after},
 * {@code intermediate.dense}, {@code output.dense}.
 */
public final class SwinLayer extends Module {
    private final boolean v2;
    private final int windowSize;
    private final int shiftSize;
    private final LayerNorm layernormBefore;
    private final SwinAttention attention;
    private final SwinDropPath dropPath;
    private final LayerNorm layernormAfter;
    private final SwinDense intermediate;
    private final SwinDense output;

    /**
     * @param dim the stage width C
     * @param heads attention heads
     * @param shifted whether this is a shifted-window block (odd index in its stage)
     * @param v2Grid v2: the side of the stage grid at the config's image size (fixes window and shift)
     * @param pretrainedWindow v2: the stage's pretrained window size, 0 for none
     * @param dropPathRate this block's stochastic-depth rate
     */
    public SwinLayer(SwinConfig config, int dim, int heads, boolean shifted, int v2Grid, int pretrainedWindow,
                     double dropPathRate, RandomGenerator rng) {
        this.v2 = config.isV2();
        int nominalShift = shifted ? config.windowSize() / 2 : 0;
        if (v2) {
            windowSize = Math.min(v2Grid, config.windowSize());
            shiftSize = v2Grid <= windowSize ? 0 : nominalShift;
        } else {
            windowSize = config.windowSize();
            shiftSize = nominalShift;
        }
        int hidden = (int) (config.mlpRatio() * dim);
        layernormBefore = registerModule("layernorm_before", new LayerNorm(new int[] {dim}, config.layerNormEps(), true));
        attention = registerModule("attention", new SwinAttention(config, dim, heads, windowSize, pretrainedWindow, rng));
        dropPath = registerModule("drop_path", new SwinDropPath(dropPathRate, rng));
        layernormAfter = registerModule("layernorm_after", new LayerNorm(new int[] {dim}, config.layerNormEps(), true));
        intermediate = registerModule("intermediate", SwinDense.withActivation(dim, hidden, config.hiddenAct(), rng));
        output = registerModule("output", SwinDense.withDropout(hidden, dim, config.hiddenDropoutProb(), rng));
    }

    /**
     * The windows this block uses on a (height, width) grid.
     *
     * @throws GatunException for a v1 grid smaller than the window, which Hugging Face cannot run either
     */
    public SwinWindows.Geometry geometry(int height, int width) {
        if (v2) {
            return new SwinWindows.Geometry(height, width, windowSize, shiftSize);
        }
        int side = Math.min(height, width);
        if (side > windowSize) {
            return new SwinWindows.Geometry(height, width, windowSize, shiftSize);
        }
        if (side < windowSize) {
            throw new GatunException("Swin: a stage grid of " + height + "x" + width + " tokens is smaller than"
                    + " window_size " + windowSize + "; the relative position bias is defined for "
                    + windowSize + "x" + windowSize + " windows only. Use a larger image (at least "
                    + "patch_size * window_size * 2^(stages-1) pixels per side).");
        }
        return new SwinWindows.Geometry(height, width, windowSize, 0);
    }

    /**
     * Runs the block on tokens (B, H*W, C) laid out on a (height, width) grid.
     *
     * @return (B, H*W, C)
     */
    public Tensor forward(Tensor hidden, int height, int width) {
        SwinWindows.Geometry g = geometry(height, width);
        Tensor mask = SwinWindows.shiftMask(g, SwinWindows.MASK_VALUE);       // (nW, 1, N, N) or null
        if (v2) {
            Tensor attended = SwinWindows.reverse(attention.forward(SwinWindows.partition(hidden, g), mask), g);
            Tensor x = hidden.add(dropPath.forward(layernormBefore.forward(attended)));          // (B, H*W, C)
            return x.add(dropPath.forward(layernormAfter.forward(output.forward(intermediate.forward(x)))));
        }
        Tensor windows = SwinWindows.partition(layernormBefore.forward(hidden), g);             // (B*nW, N, C)
        Tensor attended = SwinWindows.reverse(attention.forward(windows, mask), g);             // (B, H*W, C)
        Tensor x = hidden.add(dropPath.forward(attended));
        // Hugging Face's v1 block applies drop path to the attention branch only.
        return x.add(output.forward(intermediate.forward(layernormAfter.forward(x))));
    }

    public SwinAttention attention() {
        return attention;
    }
}
