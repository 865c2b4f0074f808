package dev.gatun.models.swin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gatun.models.GradientCheck;
import dev.gatun.nn.Init;
import dev.gatun.tensor.Autograd;
import dev.gatun.tensor.DType;
import dev.gatun.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Gradients of window attention (shifted, masked, padded) and of patch merging against finite
 * differences, in F64 for the inputs and with the F32 position-bias parameters perturbed directly.
 */
class SwinGradientTest {
    private static SwinConfig config(boolean v2) {
        return SwinConfig.of(v2, 12, 2, 8, List.of(2, 2), List.of(2, 4), 4, 3);
    }

    /** A shifted block whose parameters are all non-trivial, so every term of the gradient matters. */
    private static SwinLayer shiftedBlock(boolean v2) {
        SwinLayer block = new SwinLayer(config(v2), 8, 2, true, 6, 0, 0.0, new SplittableRandom(3));
        SplittableRandom rng = new SplittableRandom(4);
        try (Autograd.NoGrad ignored = Autograd.noGrad()) {
            for (Map.Entry<String, Tensor> e : block.namedParameters().entrySet()) {
                Tensor p = e.getValue();
                if (e.getKey().endsWith("logit_scale")) {
                    p.copy_(Tensor.of(new float[] {1.5f, 5.0f}, 2, 1, 1));          // one head above the ln 100 clamp
                } else if (p.rank() == 1 || e.getKey().endsWith("bias_table")) {
                    Init.normal_(p, 0, 0.5, rng);
                }
            }
        }
        block.eval();
        return block;
    }

    @Test
    void shiftedWindowAttentionV1() {
        SwinLayer block = shiftedBlock(false);
        SwinWindows.Geometry g = block.geometry(6, 5);
        assertEquals(new SwinWindows.Geometry(6, 5, 4, 2), g);                 // padded to 8x8, shifted, masked
        Tensor x = Tensor.randn(new Random(1), DType.F64, 2, 30, 8).requiresGrad(true);
        Tensor table = block.namedParameters().get("attention.self.relative_position_bias_table");
        GradientCheck.check(() -> block.forward(x, 6, 5), List.of(x), 1e-6, 1e-6);
        GradientCheck.check(() -> block.forward(x, 6, 5), List.of(table), 1e-2, 1e-3);
    }

    @Test
    void shiftedCosineWindowAttentionV2() {
        SwinLayer block = shiftedBlock(true);
        Tensor x = Tensor.randn(new Random(2), DType.F64, 2, 30, 8).requiresGrad(true);
        Tensor scale = block.namedParameters().get("attention.self.logit_scale");
        GradientCheck.check(() -> block.forward(x, 6, 5), List.of(x), 1e-6, 1e-6, 3);
        GradientCheck.check(() -> block.forward(x, 6, 5), List.of(scale), 1e-2, 1e-3);
        assertEquals(0.0, Math.abs(scale.grad().getDouble(1, 0, 0)), "the clamped head's logit scale gets no gradient");
        // An F64 input converts F32 weights inside matmul without a gradient, so the position-bias MLP's
        // output weights are checked in an F32 forward pass, with a tolerance for F32 rounding. (The first
        // layer is left out: finite differences across its ReLU kinks are unreliable.)
        Tensor x32 = x.detach().narrow(0, 0, 1).to(DType.F32);
        Tensor mlp = block.namedParameters().get("attention.self.continuous_position_bias_mlp.2.weight");
        GradientCheck.check(() -> block.forward(x32, 6, 5).to(DType.F64), List.of(mlp), 1e-2, 1e-2, 5);
    }

    @Test
    void patchMergingOfAnOddGrid() {
        for (boolean v2 : new boolean[] {false, true}) {
            SwinPatchMerging merging = new SwinPatchMerging(config(v2), 3, new SplittableRandom(5));
            try (Autograd.NoGrad ignored = Autograd.noGrad()) {
                for (Tensor p : merging.parameters()) {
                    if (p.rank() == 1) {
                        Init.normal_(p, 0.5, 0.5, new SplittableRandom(6));
                    }
                }
            }
            Tensor x = Tensor.randn(new Random(3), DType.F64, 2, 15, 3).requiresGrad(true);   // a 5x3 grid
            GradientCheck.check(() -> merging.forward(x, 5, 3), List.of(x), 1e-6, 1e-6);
        }
    }
}
