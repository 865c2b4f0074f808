/**
 * Swin Transformer v1 and v2 with Hugging Face's module structure and state-dict names, so
 * {@code SwinModel}, {@code SwinForImageClassification}, {@code Swinv2Model} and
 * {@code Swinv2ForImageClassification} checkpoints load by name.
 *
 * <p>{@link dev.gatun.models.swin.SwinConfig} reads {@code config.json} ({@code model_type} {@code swin} or
 * {@code swinv2}); {@link dev.gatun.models.swin.SwinModel} and
 * {@link dev.gatun.models.swin.SwinForImageClassification} load a model folder with {@code load(Path)}.
 * The same code runs inference and training.
 *
 * <p>Shape letters as everywhere in Gatun: B batch, T tokens, C channels, H heads, D head size; N is the
 * number of tokens in one window and nW the number of windows per image.
 */
package dev.gatun.models.swin;
