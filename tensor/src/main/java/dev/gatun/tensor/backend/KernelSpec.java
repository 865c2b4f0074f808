package dev.gatun.tensor.backend;

/**
 * A fused kernel call, described completely: input tensors, the output tensor(s) to write, and scalars.
 * Each record checks its shapes when built (a bad spec throws {@link dev.gatun.tensor.GatunException}
 * before any backend sees it); a backend says whether it {@linkplain Backend#supports(KernelSpec) supports}
 * a given spec (dtypes, memory, strides) and {@linkplain Backend#execute(KernelSpec) executes} it.
 * The pure-Java backend runs the composed reference of each kernel, so every spec runs everywhere.
 *
 * <p>Kernels write their outputs and record no gradient: where gradients are needed, call the composed
 * references ({@link dev.gatun.tensor.Attention}, {@link dev.gatun.tensor.Rope},
 * {@link dev.gatun.tensor.SelectiveScan}, {@link dev.gatun.tensor.Functional}) directly.
 *
 * {@snippet :
 * var spec = new SoftmaxSpec(x, out);
 * Backends.forKernel(spec).execute(spec);
 * }
 */
public sealed interface KernelSpec
        permits AttentionSpec, SoftmaxSpec, LayerNormSpec, RmsNormSpec, ActivationSpec, RopeSpec, SelectiveScanSpec,
        QuantMatVecSpec {

    /** The kernel's name, the same in every backend ({@code attention}, {@code softmax}, ...). */
    String kernel();
}
