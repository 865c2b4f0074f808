package dev.gatun.models.onnx;

import dev.gatun.tensor.Tensor;

/**
 * A fully connected layer found in an ONNX graph: {@code MatMul(x, W)} followed by {@code Add(b)}, or
 * one {@code Gemm}. ONNX stores a MatMul weight as (in, out), the transpose of PyTorch's
 * {@code nn.Linear.weight} (out, in); a Gemm with {@code transB = 1} stores it as (out, in).
 *
 * @param weight the weight initializer as stored
 * @param bias the bias initializer (out), or null when there is none
 * @param storedInOut whether {@code weight} is stored (in, out)
 * @param input the value the layer reads
 * @param output the value holding the layer's result (after the bias)
 */
public record OnnxLinear(OnnxTensor weight, OnnxTensor bias, boolean storedInOut, String input, String output) {

    /** Output features. */
    public int outFeatures() {
        return (int) weight.dims()[storedInOut ? 1 : 0];
    }

    /** Input features. */
    public int inFeatures() {
        return (int) weight.dims()[storedInOut ? 0 : 1];
    }

    /**
     * The weight in PyTorch's (out, in) layout: the stored tensor itself when it already is, else a
     * transposed copy allocated in the current scope.
     */
    public Tensor weightOutIn() {
        Tensor w = weight.toTensor();
        return storedInOut ? w.mT().contiguous() : w;
    }
}
