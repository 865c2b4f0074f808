package dev.gatun.tensor.backend;

import dev.gatun.tensor.Tensor;

/** RMS normalisation over the last dimension C: {@code out = x / sqrt(mean(x²) + eps) · weight}; weight (C) may be null. */
public record RmsNormSpec(Tensor x, Tensor weight, double eps, Tensor out) implements KernelSpec {

    public RmsNormSpec {
        String n = "rms_norm";
        SpecChecks.rankAtLeast(n, "x", x, 1);
        if (weight != null) {
            SpecChecks.shape(n, "weight", weight, x.size(-1));
        }
        SpecChecks.sameShape(n, "out", out, x);
    }

    @Override
    public String kernel() {
        return "rms_norm";
    }
}
