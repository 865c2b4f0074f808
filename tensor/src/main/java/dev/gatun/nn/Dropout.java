package dev.gatun.nn;

import dev.gatun.tensor.Functional;
import dev.gatun.tensor.GatunException;
import dev.gatun.tensor.Tensor;
import java.util.random.RandomGenerator;

/**
 * Zeroes each element with probability {@code p} and scales the others by {@code 1/(1-p)} in training
 * mode; the identity in evaluation mode. As {@code torch.nn.Dropout}, with its own generator so that a
 * seeded run drops the same elements every time. No parameters.
 *
 * <p>The generator is advanced by each training forward, so one Dropout is not meant to be used from
 * several threads at once (evaluation mode is stateless and safe).
 */
public final class Dropout extends Module implements Layer {
    private final double p;
    private final RandomGenerator rng;

    /** Drops with probability {@code p}, drawing the masks from {@code rng}. */
    public Dropout(double p, RandomGenerator rng) {
        if (!(p >= 0 && p <= 1)) {
            throw new GatunException("dropout probability must be in [0, 1], got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.dropout(x, p, isTraining(), rng);
    }

    public double p() {
        return p;
    }

    @Override
    protected String extraRepr() {
        return "p=" + p;
    }
}
