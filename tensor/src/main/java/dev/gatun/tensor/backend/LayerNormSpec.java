package dev.gatun.tensor.backend;

import dev.gatun.tensor.Tensor;

/**
 * Layer normalisation over the last dimension C: {@code out = (x - mean) / sqrt(var + eps) · weight + bias},
 * with the biased variance; weight and bias (C) may be null. As {@code torch.nn.functional.layer_norm}.
 */
public record LayerNormSpec(Tensor x, Tensor weight, Tensor bias, double eps, Tensor out) implements KernelSpec {

    public LayerNormSpec {
        String n = "layer_norm";
        SpecChecks.rankAtLeast(n, "x", x, 1);
        if (weight != null) {
            SpecChecks.shape(n, "weight", weight, x.size(-1));
        }
        if (bias != null) {
            SpecChecks.shape(n, "bias", bias, x.size(-1));
        }
        SpecChecks.sameShape(n, "out", out, x);
    }

    @Override
    public String kernel() {
        return "layer_norm";
    }
}
