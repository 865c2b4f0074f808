/**
 * Swin Transformer v1 and v2 with Hugging Face's module structure and state-dict names, so
 * {@code SwinModel}, {@code SwinForImageClassification}, {@code Swinv2Model} and
 * {@code Swinv2ForImageClassification} checkpoints load by name.
 *
 * <p>{@link dev.gatun.models.swin.SwinConfig} reads {@code config.json} ({@code model_type} {@code swin} or
 * {@code swinv2}); {@link dev.gatun.models.swin.SwinModel} (the backbone: last hidden state and mean-pooled
 * features) and {@link dev.gatun.models.swin.SwinForImageClassification} (plus a linear classifier) load a
 * model folder with {@code load(Path)}. The same code runs inference and training.
 *
 * <h2>How Swin works</h2>
 *
 * <p>A Vision Transformer attends from every patch to every other patch, which costs time quadratic in
 * the number of patches and gives one resolution only. Swin (Liu et al. 2021,
 * https://arxiv.org/abs/2103.14030) keeps attention local and builds a pyramid, like a convolutional
 * network:
 *
 * <ol>
 *   <li><b>Patch embedding</b> ({@link dev.gatun.models.swin.SwinEmbeddings}). A strided convolution
 *       turns each {@code p x p} patch of pixels into a C-channel token (swin-tiny: 4x4 patches, C = 96,
 *       so a 224x224 image becomes a 56x56 grid of tokens), followed by a layer norm.</li>
 *   <li><b>Window attention</b> ({@link dev.gatun.models.swin.SwinSelfAttention}). The grid is cut into
 *       non-overlapping {@code w x w} windows (w = 7: 64 windows of N = 49 tokens) and each token
 *       attends only to the tokens of its own window, so the cost is linear in the image area. All
 *       windows of all images and all heads are one batched matmul: {@code (B*nW, H, N, D)}. Instead of
 *       absolute positions, each head adds a learned bias that depends only on the offset between two
 *       tokens, {@code (dh, dw)} in {@code [-(w-1), w-1]^2}, looked up in a {@code (2w-1)^2}-row table.</li>
 *   <li><b>Shifted windows</b> ({@link dev.gatun.models.swin.SwinWindows}). With fixed windows no
 *       information would cross a window border. So every second block shifts the grid by
 *       {@code w/2} tokens (a cyclic roll) before partitioning: the new windows straddle the old
 *       borders. The roll wraps tokens from the far edge next to tokens they are not adjacent to in the
 *       image; an additive mask of -100 keeps those from attending to each other. A grid that is not a
 *       whole number of windows is zero-padded at the right and bottom first.</li>
 *   <li><b>Blocks</b> ({@link dev.gatun.models.swin.SwinLayer}): (shifted) window attention and a
 *       two-layer GELU MLP, each with a residual connection and a layer norm.</li>
 *   <li><b>Patch merging</b> ({@link dev.gatun.models.swin.SwinPatchMerging}). Between stages each 2x2
 *       group of tokens is concatenated (4C channels) and projected to 2C: the grid halves and the
 *       width doubles (swin-tiny: 56, 28, 14, 7 tokens per side; 96, 192, 384, 768 channels), as a CNN
 *       halves its feature maps. The window stays 7x7, so later windows cover more of the image.</li>
 *   <li><b>Head.</b> A final layer norm, the mean over the last grid's tokens, and a linear
 *       classifier.</li>
 * </ol>
 *
 * <p><b>Swin v2</b> (Liu et al. 2022, https://arxiv.org/abs/2111.09883) changes three things to train
 * larger models stably and to move between window sizes: the layer norm comes after each branch rather
 * than before it ("res-post-norm"); attention scores are cosines between query and key scaled by a
 * learned per-head temperature (at most 100) instead of dot products over {@code sqrt(D)}; and the
 * position bias is produced by a small MLP from log-spaced relative coordinates, so it extends to
 * windows other than the one it was trained with ({@code pretrained_window_sizes}). Patch merging
 * normalises after the projection.
 *
 * <p><b>Hugging Face behaviours followed here.</b> v1 decides per call that a stage whose grid is not
 * larger than the window uses one unshifted window of the grid's size (and a grid smaller than the
 * window is an error, as it is there); v2 fixes each stage's window and shift from the config's
 * {@code image_size}. The padded grid, not the image, defines the shift mask's regions. Swin v2 adds the
 * shift mask twice. The buffers {@code relative_position_index} and {@code relative_coords_table} in a
 * checkpoint are ignored and recomputed.
 *
 * <p>Shape letters as everywhere in Gatun: B batch, T tokens, C channels, H heads, D head size; N is the
 * number of tokens in one window and nW the number of windows per image.
 */
package dev.gatun.models.swin;
