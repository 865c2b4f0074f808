package dev.gatun.kernels.cuda;

import dev.gatun.tensor.DType;
import dev.gatun.tensor.GatunException;
import java.lang.foreign.Arena;

/**
 * Mamba's selective scan on the GPU (selective_scan.cu), with the semantics and argument order of
 * {@link dev.gatun.tensor.backend.SelectiveScanSpec} and the reference {@link dev.gatun.tensor.SelectiveScan}:
 * u, delta, z, out (B, C, L); A (C, N); B, C (B, N, L); D, deltaBias (C); initialState, lastState (B, C, N);
 * all F32, N at most 256. d, z, deltaBias, initialState and lastState may be null; lastState may be
 * initialState itself (the state is then carried over in place).
 *
 * {@snippet :
 * SelectiveScan.run(u, delta, a, b, c, d, z, deltaBias, true, null, out, state, null);
 * }
 */
public final class SelectiveScan {
    private static final String NAME = "selective_scan";
    /** The largest state size N: 8 states in each of a warp's 32 lanes. */
    public static final int MAX_STATE = 256;

    private SelectiveScan() {
    }

    public static void run(CudaTensor u, CudaTensor delta, CudaTensor a, CudaTensor b, CudaTensor c, CudaTensor d,
                           CudaTensor z, CudaTensor deltaBias, boolean deltaSoftplus, CudaTensor initialState,
                           CudaTensor out, CudaTensor lastState, CudaStream stream) {
        Checks.rank(NAME, "u", u, 3);
        Checks.rank(NAME, "A", a, 2);
        int batch = u.size(0);
        int channels = u.size(1);
        int length = u.size(2);
        int state = a.size(1);
        if (state > MAX_STATE) {
            throw new GatunException(NAME + ": state size N = " + state + " exceeds the CUDA kernel's " + MAX_STATE);
        }
        Checks.f32(NAME, "u", u, false, batch, channels, length);
        Checks.f32(NAME, "delta", delta, false, batch, channels, length);
        Checks.f32(NAME, "A", a, false, channels, state);
        Checks.f32(NAME, "B", b, false, batch, state, length);
        Checks.f32(NAME, "C", c, false, batch, state, length);
        Checks.f32(NAME, "D", d, true, channels);
        Checks.f32(NAME, "z", z, true, batch, channels, length);
        Checks.f32(NAME, "delta_bias", deltaBias, true, channels);
        Checks.f32(NAME, "initial state", initialState, true, batch, channels, state);
        Checks.f32(NAME, "out", out, false, batch, channels, length);
        Checks.f32(NAME, "last state", lastState, true, batch, channels, state);
        Checks.distinct(NAME, "out", out, u, delta, a, b, c, d, z, deltaBias, initialState, lastState);
        if (lastState != null) {
            Checks.distinct(NAME, "last state", lastState, u, delta, a, b, c, d, z, deltaBias);
        }
        Checks.ready(NAME, u, delta, a, b, c, d, z, deltaBias, initialState, out, lastState);
        try (Arena arena = Arena.ofConfined()) {
            CudaKernel.Params p = CudaKernel.SELECTIVE_SCAN.allocate(arena)
                    .set("batch", batch).set("channels", channels).set("length", length).set("state", state)
                    .set("delta_softplus", deltaSoftplus)
                    .pointer("u", Checks.address(u)).pointer("delta", Checks.address(delta))
                    .pointer("a", Checks.address(a)).pointer("b", Checks.address(b)).pointer("c", Checks.address(c))
                    .pointer("d", Checks.address(d)).pointer("z", Checks.address(z))
                    .pointer("delta_bias", Checks.address(deltaBias))
                    .pointer("initial_state", Checks.address(initialState))
                    .pointer("out", Checks.address(out)).pointer("last_state", Checks.address(lastState));
            CudaRuntime.launch(p, stream, NAME);
        }
    }
}
