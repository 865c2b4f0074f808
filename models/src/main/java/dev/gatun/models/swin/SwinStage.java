package dev.gatun.models.swin;

import dev.gatun.nn.Module;
import dev.gatun.nn.ModuleList;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * One stage: its blocks at one resolution, alternating plain and shifted windows, then patch merging
 * unless it is the last stage. As Hugging Face's {@code SwinStage}.
 *
 * <p>State-dict keys: {@code blocks.N.*}, {@code downsample.*} (all stages but the last).
 */
public final class SwinStage extends Module {
    private final ModuleList<SwinLayer> blocks;
    private final SwinPatchMerging downsample;

    /**
     * @param stage the stage index s
     * @param dropPathRates the stochastic-depth rate of each block
     */
    public SwinStage(SwinConfig config, int stage, double[] dropPathRates, RandomGenerator rng) {
        int dim = config.stageDim(stage);
        int v2Grid = (config.imageSize() / config.patchSize()) >> stage;
        blocks = registerModule("blocks", new ModuleList<>());
        for (int i = 0; i < config.depths().get(stage); i++) {
            blocks.add(new SwinLayer(config, dim, config.numHeads().get(stage), i % 2 == 1, v2Grid,
                    config.pretrainedWindowSizes().get(stage), dropPathRates[i], rng));
        }
        downsample = stage < config.numLayers() - 1
                ? registerModule("downsample", new SwinPatchMerging(config, dim, rng))
                : null;
    }

    /**
     * Runs the blocks and the merging on tokens (B, H*W, C) on a (height, width) grid.
     *
     * @return (B, H'*W', C') with H' = ceil(H/2), W' = ceil(W/2), C' = 2C after merging, or the blocks'
     *     output unchanged in shape for the last stage
     */
    public Tensor forward(Tensor hidden, int height, int width) {
        Tensor x = hidden;
        for (SwinLayer block : blocks) {
            x = block.forward(x, height, width);
        }
        return downsample == null ? x : downsample.forward(x, height, width);
    }

    public ModuleList<SwinLayer> blocks() {
        return blocks;
    }

    /** Whether the stage ends with patch merging. */
    public boolean downsamples() {
        return downsample != null;
    }
}
