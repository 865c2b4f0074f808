/**
 * Opening any supported model folder by its {@code config.json}: {@link dev.gatun.models.auto.ModelFolder}
 * reads the config ({@code model_type}, {@code architectures}, {@code id2label}) and
 * {@link dev.gatun.models.auto.AutoModel} dispatches to the family that loads the weights, then runs it
 * on named inputs ({@code pixel_values}, {@code input_ids}, ...) and gives named outputs ({@code logits},
 * {@code last_hidden_state}, {@code pooler_output}), with Hugging Face's names throughout.
 *
 * <p>{@link dev.gatun.models.auto.ModelInput} describes and checks one input. Shape letters as everywhere
 * in Gatun: B batch, T tokens, C channels, H and W image height and width.
 */
package dev.gatun.models.auto;
