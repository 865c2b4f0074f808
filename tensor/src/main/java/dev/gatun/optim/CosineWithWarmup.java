package dev.gatun.optim;

import dev.gatun.tensor.GatunException;

/**
 * Linear warm-up from 0 to {@code baseLr} over {@code warmupSteps}, then half a cosine from {@code baseLr}
 * down to {@code minLr} at {@code totalSteps}, and {@code minLr} after. The schedule of GPT-style
 * pre-training (nanoGPT's {@code get_lr}, Hugging Face's {@code get_cosine_schedule_with_warmup} when
 * {@code minLr} is 0):
 *
 * <pre>
 * lr(s) = baseLr * s / warmupSteps                                           for s &lt; warmupSteps
 * lr(s) = minLr + (baseLr - minLr) * (1 + cos(pi * progress)) / 2            otherwise,
 *         progress = min(1, (s - warmupSteps) / (totalSteps - warmupSteps))
 * </pre>
 *
 * @param baseLr      the peak learning rate, reached at the end of warm-up
 * @param warmupSteps steps of linear warm-up (0 for none)
 * @param totalSteps  the step at which the decay reaches {@code minLr}
 * @param minLr       the floor of the decay
 */
public record CosineWithWarmup(double baseLr, long warmupSteps, long totalSteps, double minLr) implements LRSchedule {
    public CosineWithWarmup {
        if (!(baseLr >= 0) || !(minLr >= 0) || minLr > baseLr || warmupSteps < 0 || totalSteps < warmupSteps) {
            throw new GatunException("CosineWithWarmup needs 0 <= minLr <= baseLr and 0 <= warmupSteps <= totalSteps, "
                    + "got baseLr=" + baseLr + ", minLr=" + minLr + ", warmupSteps=" + warmupSteps
                    + ", totalSteps=" + totalSteps);
        }
    }

    @Override
    public double lr(long step) {
        if (step < 0) {
            throw new GatunException("schedule step must be >= 0, got " + step);
        }
        if (step < warmupSteps) {
            return baseLr * step / warmupSteps;
        }
        long decaySteps = totalSteps - warmupSteps;
        double progress = decaySteps == 0 ? 1.0 : Math.min(1.0, (double) (step - warmupSteps) / decaySteps);
        return minLr + (baseLr - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
