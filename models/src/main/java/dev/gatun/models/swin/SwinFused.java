package dev.gatun.models.swin;

import dev.gatun.nn.Module;
import dev.gatun.tensor.Autograd;

/**
 * When Swin's modules take their inference path: in evaluation mode (no dropout) and under
 * {@link Autograd#noGrad()} (nothing to record). Then v1 window attention runs on one batched product
 * for all windows, with the position bias and shift mask added inside the softmax pass
 * ({@code SwinSelfAttention}); layer norm and GELU take their own fused passes ({@code nn.LayerNorm},
 * {@code nn.GELU}). The composed code stays the reference; it runs whenever a graph may be recorded, and
 * {@code SwinFusedTest} checks the two agree.
 */
final class SwinFused {
    private SwinFused() {
    }

    /** Whether {@code module} runs its inference path now: evaluation mode and no graph recorded. */
    static boolean applies(Module module) {
        return !Autograd.isGradEnabled() && !module.isTraining();
    }
}
