package dev.gatun.models.bert;

import dev.gatun.tensor.Tensor;

/**
 * What {@link BertModel#forward} returns, as Hugging Face's {@code BaseModelOutputWithPooling}.
 *
 * @param lastHiddenState the last layer's states, (B, T, C)
 * @param pooledOutput the pooler's output, (B, C), or null when the model has no pooler
 */
public record BertModelOutput(Tensor lastHiddenState, Tensor pooledOutput) {
}
