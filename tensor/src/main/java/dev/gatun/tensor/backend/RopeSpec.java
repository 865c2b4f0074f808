package dev.gatun.tensor.backend;

import dev.gatun.tensor.Rope;
import dev.gatun.tensor.Tensor;

/**
 * Rotary position embedding, rotate-half form: x and out (B, H, T, D), cos and sin (P, R/2) with
 * {@code R <= D}, integer positions (B, T) or (T) in {@code [0, P)}. See {@link Rope}.
 */
public record RopeSpec(Tensor x, Tensor cos, Tensor sin, Tensor positions, Tensor out) implements KernelSpec {

    public RopeSpec {
        SpecChecks.floating("rope", "x", x);
        SpecChecks.floating("rope", "cos", cos);
        SpecChecks.floating("rope", "sin", sin);
        SpecChecks.present("rope", "positions", positions);
        Rope.check(x, cos, sin, positions);
        SpecChecks.sameShape("rope", "out", out, x);
    }

    @Override
    public String kernel() {
        return "rope";
    }
}
