/**
 * Optimizers and learning-rate schedules in the style of {@code torch.optim}.
 *
 * <p>{@link dev.gatun.optim.SGD} and {@link dev.gatun.optim.AdamW} follow PyTorch's update rules exactly
 * (each class documents its formulas); both extend {@link dev.gatun.optim.Optimizer}, which owns the
 * per-parameter state in its own scope and frees it on {@link dev.gatun.optim.Optimizer#close()}.
 * Updates loop directly over parameter memory ({@link dev.gatun.optim.FlatBuffer}), vectorised for F32.
 * {@link dev.gatun.optim.GradClipping#clipGradNorm} bounds the gradients' joint norm, and an
 * {@link dev.gatun.optim.LRSchedule} such as {@link dev.gatun.optim.CosineWithWarmup} sets the learning
 * rate before each step.
 *
 * {@snippet :
 * LRSchedule schedule = new CosineWithWarmup(3e-4, 100, 10_000, 3e-5);
 * try (AdamW optimizer = new AdamW(model.parameters(), 3e-4)) {
 *     for (long step = 0; step < 10_000; step++) {
 *         try (Scope s = Scope.open()) {
 *             optimizer.zeroGrad();
 *             Tensor loss = lossOf(model, batch(step));
 *             loss.backward();
 *             GradClipping.clipGradNorm(model.parameters(), 1.0);
 *             schedule.apply(optimizer, step);
 *             optimizer.step();
 *         }
 *     }
 * }
 * }
 */
package dev.gatun.optim;
