package dev.gatun.models.swin;

import dev.gatun.nn.LayerNorm;
import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.FusedRows;
import dev.gatun.tensor.Tensor;

/**
 * When Swin's modules take their inference paths, and the layer norm they use there.
 *
 * <p>In evaluation mode and under {@link Autograd#noGrad()} (nothing to record, no dropout), the blocks
 * run the same functions in fewer passes: layer norm and GELU as one pass each ({@link FusedRows}) and v1
 * window attention on one batched product for all windows with the position bias and shift mask added
 * inside the softmax pass ({@code SwinSelfAttention}). The composed code stays the reference; it runs
 * whenever a graph may be recorded, and {@code SwinFusedTest} checks the two agree.
 */
final class SwinFused {
    private SwinFused() {
    }

    /** Whether {@code module} runs its inference path now: evaluation mode and no graph recorded. */
    static boolean applies(Module module) {
        return !Autograd.isGradEnabled() && !module.isTraining();
    }

    /** {@code norm.forward(x)}, as one pass over the rows on the inference path. */
    static Tensor layerNorm(LayerNorm norm, Tensor x) {
        Tensor w = norm.weight();
        if (!applies(norm) || x.dtype() != DType.F32 || w == null || w.rank() != 1 || w.dtype() != DType.F32
                || (norm.bias() != null && norm.bias().dtype() != DType.F32)) {
            return norm.forward(x);
        }
        Tensor rows = x.contiguous();
        Tensor out = Tensor.zeros(DType.F32, x.shape());
        FusedRows.layerNorm(rows, w.contiguous(), norm.bias() == null ? null : norm.bias().contiguous(), norm.eps(),
                out);
        return out;
    }
}
