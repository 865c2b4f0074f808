/**
 * Neural-network layers in the style of {@code torch.nn}.
 *
 * <p>{@link dev.gatun.nn.Module} is the base of every layer: it owns named parameters, buffers and
 * children, and derives PyTorch state-dict keys from them ({@code encoder.layer.0.attention.self.query.weight}),
 * so checkpoints load by name with {@link dev.gatun.nn.Module#loadStateDict}. Modules with one input and
 * one output also implement {@link dev.gatun.nn.Layer} and can be chained in a
 * {@link dev.gatun.nn.Sequential}; repeated blocks go in a {@link dev.gatun.nn.ModuleList}.
 *
 * <p>The layers: {@link dev.gatun.nn.Linear}, {@link dev.gatun.nn.Embedding}, {@link dev.gatun.nn.LayerNorm},
 * {@link dev.gatun.nn.RMSNorm}, {@link dev.gatun.nn.Conv1d}, {@link dev.gatun.nn.Conv2d},
 * {@link dev.gatun.nn.Dropout}, the activations {@link dev.gatun.nn.GELU}, {@link dev.gatun.nn.SiLU},
 * {@link dev.gatun.nn.ReLU}, {@link dev.gatun.nn.Tanh}, and the feed-forward {@link dev.gatun.nn.MLP}.
 * Their math lives in {@link dev.gatun.tensor.Functional}; a layer holds parameters and checks shapes.
 * Initialisers ({@link dev.gatun.nn.Init}) take an explicit random generator, so a seed fixes a model.
 *
 * <p>Parameters are allocated in the scope current at construction: build a model inside a long-lived
 * scope (or none, for garbage-collected memory) and run each step or request in a short one.
 * {@link dev.gatun.nn.SpiralsTask} is a complete small training run that shows the pattern.
 */
package dev.gatun.nn;
