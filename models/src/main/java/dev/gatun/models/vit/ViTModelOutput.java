package dev.gatun.models.vit;

import dev.gatun.tensor.Tensor;

/**
 * What {@link ViTModel#forward} and {@link ViTForImageClassification#forward} return, with the fields of
 * Hugging Face's {@code BaseModelOutputWithPooling} and {@code ImageClassifierOutput}.
 *
 * @param lastHiddenState the final layer norm's output, (B, 1 + T, C): the CLS token, then the patches
 * @param poolerOutput the pooler's output, (B, pooler_output_size), or null when there is no pooler
 * @param logits the classifier's scores, (B, num_labels), or null for a bare {@link ViTModel}
 */
public record ViTModelOutput(Tensor lastHiddenState, Tensor poolerOutput, Tensor logits) {
}
