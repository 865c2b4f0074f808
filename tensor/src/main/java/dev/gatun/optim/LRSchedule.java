package dev.gatun.optim;

/**
 * A learning rate as a function of the step number, applied to an optimizer before each step. Unlike
 * PyTorch's stateful schedulers, a schedule here keeps no state: the training loop passes the step, so
 * resuming from a checkpoint needs only the step count.
 */
@FunctionalInterface
public interface LRSchedule {
    /** The learning rate for step {@code step} (0 for the first step). */
    double lr(long step);

    /** Sets {@code optimizer}'s learning rate to {@link #lr(long) lr(step)} and returns it. */
    default double apply(Optimizer optimizer, long step) {
        double lr = lr(step);
        optimizer.setLr(lr);
        return lr;
    }
}
