/**
 * The Vision Transformer (ViT; Dosovitskiy et al., "An Image is Worth 16x16 Words",
 * https://arxiv.org/abs/2010.11929) with Hugging Face's module structure and state-dict names, so
 * {@code ViTModel} and {@code ViTForImageClassification} checkpoints load by name.
 *
 * <p>{@link dev.gatun.models.vit.ViTConfig} reads {@code config.json};
 * {@link dev.gatun.models.vit.ViTModel} and {@link dev.gatun.models.vit.ViTForImageClassification} are
 * built from {@code dev.gatun.nn} layers and load a model folder with their static {@code load}. The same
 * code runs inference (under {@code Autograd.noGrad()}) and training.
 *
 * <h2>How ViT works</h2>
 *
 * <p>A transformer reads a sequence of vectors; ViT turns an image into one. With images of
 * {@code image_size} = 224 pixels and {@code patch_size} P = 16:
 *
 * <ol>
 *   <li><b>Patches.</b> The image (B, 3, 224, 224) is cut into a 14 x 14 grid of 16 x 16 patches, and
 *       each patch (3·16·16 = 768 numbers) is projected linearly to C features. A convolution with kernel
 *       and stride P does exactly this ({@link dev.gatun.models.vit.ViTPatchEmbeddings}); read row by row,
 *       the grid gives T = 196 tokens (B, 196, C).</li>
 *   <li><b>CLS token.</b> A learned vector is put in front of the patches (B, 197, C). It belongs to no
 *       patch; through attention it gathers a summary of the whole image, and the classifier reads it.</li>
 *   <li><b>Positions.</b> Attention ignores order, so a learned position vector is added to each token
 *       (one row for the CLS token, one per patch). For images of another size the patch grid changes;
 *       the grid of position vectors is then resampled bicubically to the new grid
 *       ({@link dev.gatun.models.vit.ViTEmbeddings#interpolatePositionEmbeddings}).</li>
 *   <li><b>Encoder.</b> N identical pre-norm blocks ({@link dev.gatun.models.vit.ViTLayer}): every
 *       token attends to every other token ({@link dev.gatun.models.vit.ViTSelfAttention}, H heads of
 *       size D = C/H, no mask), then passes through a two-layer MLP with GELU; each sub-layer reads a
 *       layer-normalised copy and adds its result to the stream (residual).</li>
 *   <li><b>Output.</b> A final layer norm gives {@code last_hidden_state} (B, 197, C). The classifier
 *       is a linear layer on the CLS token's state; a bare {@code ViTModel} may instead have a pooler,
 *       {@code tanh(dense(h[:, 0]))}.</li>
 * </ol>
 *
 * <p>There are no convolutions past the first layer and no pooling: everything the image's 2-D layout
 * tells the model comes from the position embeddings, which is why ViT needs much data (or
 * pre-training) to work well, and why resampling them lets one model read other resolutions.
 *
 * <p>Shape letters as everywhere in Gatun: B batch, T tokens (here patches), C hidden size, H heads,
 * D head size.
 */
package dev.gatun.models.vit;
