package dev.gatun.nn;

import dev.gatun.tensor.Tensor;

/**
 * A module with one tensor in and one tensor out, the kind {@link Sequential} chains.
 *
 * <p>Implemented by modules alongside extending {@link Module}; containers accept
 * {@code <M extends Module & Layer>} so a module whose forward needs more inputs (an attention block
 * with a mask) cannot be put in a {@link Sequential} by mistake.
 */
public interface Layer {
    /** Applies the module to {@code x}. */
    Tensor forward(Tensor x);
}
