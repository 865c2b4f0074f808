package dev.gatun.tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * Mamba's selective scan (Gu and Dao, "Mamba: Linear-Time Sequence Modeling with Selective State
 * Spaces", 2023, Algorithm 2), written out from primitives as {@code selective_scan_ref} in
 * {@code mamba_ssm/ops/selective_scan_interface.py}: the reference for the fused kernels, and
 * differentiable. Real A; B and C vary with the input.
 *
 * <pre>
 *   dt  = delta + delta_bias            (softplus'd if deltaSoftplus)        (B, C, L)
 *   x_l = exp(dt_l · A) ⊙ x_{l−1} + dt_l · B_l · u_l                         (B, C, N)
 *   y_l = C_l · x_l + D · u_l,   y = y ⊙ silu(z)                             (B, C, L)
 * </pre>
 * u, delta, z (B, C, L) (C channels, i.e. Mamba's d_inner); A (C, N); B, C (B, N, L); D, delta_bias (C);
 * the state starts at {@code initialState} (B, C, N) or zeros, which lets a long sequence be scanned in
 * chunks, or one token at a time when decoding. D, z, deltaBias and initialState may be null.
 *
 * {@snippet :
 * SelectiveScan.Result r = SelectiveScan.reference(u, delta, a, b, c, d, z, deltaBias, true, null);
 * Tensor y = r.out();                 // (B, C, L)
 * Tensor state = r.lastState();       // (B, C, N), to continue the scan
 * }
 */
public final class SelectiveScan {
    private SelectiveScan() {
    }

    /** The output (B, C, L) and the state after the last step (B, C, N). */
    public record Result(Tensor out, Tensor lastState) {
    }

    public static Result reference(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d, Tensor z,
                                   Tensor deltaBias, boolean deltaSoftplus, Tensor initialState) {
        check(u, delta, a, b, c, d, z, deltaBias, initialState);
        int batch = u.size(0);
        int channels = u.size(1);
        int length = u.size(2);
        int state = a.size(1);
        Tensor dt = deltaBias == null ? delta : delta.add(deltaBias.unsqueeze(-1));
        if (deltaSoftplus) {
            dt = Functional.softplus(dt, 1.0);
        }
        Tensor dtn = dt.unsqueeze(-1);                                            // (B, C, L, 1)
        Tensor deltaA = dtn.mul(a.unsqueeze(1)).exp();                            // (B, C, L, N)
        Tensor deltaBu = dtn.mul(b.transpose(1, 2).unsqueeze(1)).mul(u.unsqueeze(-1)); // (B, C, L, N)
        Tensor cl = c.transpose(1, 2).unsqueeze(1);                               // (B, 1, L, N)
        Tensor x = initialState != null ? initialState : Tensor.zeros(u.dtype(), batch, channels, state);
        List<Tensor> ys = new ArrayList<>(length);
        for (int l = 0; l < length; l++) {
            x = deltaA.select(2, l).mul(x).add(deltaBu.select(2, l));            // (B, C, N)
            ys.add(x.mul(cl.select(2, l)).sum(-1, false));                        // (B, C)
        }
        Tensor out = length == 0 ? Tensor.zeros(u.dtype(), batch, channels, 0) : Tensor.stack(ys, 2);
        if (d != null) {
            out = out.add(u.mul(d.unsqueeze(-1)));
        }
        if (z != null) {
            out = out.mul(Functional.silu(z));
        }
        return new Result(out, x);
    }

    /** Checks the shapes of the inputs (null ones are absent). */
    public static void check(Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor d, Tensor z,
                             Tensor deltaBias, Tensor initialState) {
        if (u.rank() != 3 || a.rank() != 2) {
            throw new GatunException("selective scan needs u (B, C, L) and A (C, N), got " + Shape.toString(u.shape())
                    + " and " + Shape.toString(a.shape()));
        }
        int batch = u.size(0);
        int channels = u.size(1);
        int length = u.size(2);
        int state = a.size(1);
        expect("delta", delta, batch, channels, length);
        expect("A", a, channels, state);
        expect("B", b, batch, state, length);
        expect("C", c, batch, state, length);
        if (d != null) {
            expect("D", d, channels);
        }
        if (z != null) {
            expect("z", z, batch, channels, length);
        }
        if (deltaBias != null) {
            expect("delta_bias", deltaBias, channels);
        }
        if (initialState != null) {
            expect("initial state", initialState, batch, channels, state);
        }
    }

    private static void expect(String name, Tensor t, int... shape) {
        if (t == null || !java.util.Arrays.equals(t.shape(), shape)) {
            throw new GatunException("selective scan: " + name + " must have shape " + Shape.toString(shape) + ", got "
                    + (t == null ? "none" : Shape.toString(t.shape())));
        }
        if (!t.dtype().isFloatingPoint()) {
            throw new GatunException("selective scan: " + name + " must be floating point, got " + t.dtype());
        }
    }
}
