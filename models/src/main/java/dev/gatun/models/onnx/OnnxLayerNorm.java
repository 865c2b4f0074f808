package dev.gatun.models.onnx;

/**
 * A layer normalisation over the last dimension found in an ONNX graph, either one
 * {@code LayerNormalization} node or the composition PyTorch exports before opset 17:
 * {@code ReduceMean, Sub, Pow(2), ReduceMean, Add(eps), Sqrt, Div, Mul(weight), Add(bias)}.
 *
 * @param weight the scale (gamma) initializer
 * @param bias the shift (beta) initializer, or null when there is none
 * @param eps the epsilon added to the variance
 * @param input the value normalised
 * @param output the normalised, scaled and shifted value
 */
public record OnnxLayerNorm(OnnxTensor weight, OnnxTensor bias, double eps, String input, String output) {
}
