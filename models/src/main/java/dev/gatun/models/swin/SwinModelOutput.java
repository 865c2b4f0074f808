package dev.gatun.models.swin;

import dev.gatun.tensor.Tensor;

/**
 * What a Swin forward pass returns, as Hugging Face's {@code SwinModelOutput} and
 * {@code SwinImageClassifierOutput} together.
 *
 * @param lastHiddenState the last stage's tokens after the final layer norm, (B, T, C)
 * @param poolerOutput their mean over tokens, (B, C)
 * @param logits the classifier's outputs (B, num_labels), or null for a model without a head
 */
public record SwinModelOutput(Tensor lastHiddenState, Tensor poolerOutput, Tensor logits) {
}
