package dev.gatun.tensor.backend;

import dev.gatun.tensor.SelectiveScan;
import dev.gatun.tensor.Tensor;

/**
 * Mamba's selective scan: u, delta, z (B, C, L); a (C, N); b, c (B, N, L); d, deltaBias (C); initialState
 * and lastState (B, C, N); out (B, C, L). d, z, deltaBias, initialState and lastState may be null. See
 * {@link SelectiveScan} for the formula and the reference.
 */
public record SelectiveScanSpec(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d, Tensor z,
                                Tensor deltaBias, boolean deltaSoftplus, Tensor initialState, Tensor out,
                                Tensor lastState) implements KernelSpec {

    public SelectiveScanSpec {
        String n = "selective_scan";
        SpecChecks.floating(n, "u", u);
        SpecChecks.floating(n, "delta", delta);
        SpecChecks.floating(n, "A", a);
        SpecChecks.floating(n, "B", b);
        SpecChecks.floating(n, "C", c);
        SelectiveScan.check(u, delta, a, b, c, d, z, deltaBias, initialState);
        SpecChecks.sameShape(n, "out", out, u);
        if (lastState != null) {
            SpecChecks.shape(n, "last state", lastState, u.size(0), u.size(1), a.size(1));
        }
    }

    @Override
    public String kernel() {
        return "selective_scan";
    }
}
