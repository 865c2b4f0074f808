package dev.gatun.tensor.backend;

import dev.gatun.tensor.kernels.GemmSpec;

/**
 * A provider of kernels for the hot paths. The pure-Java backend supports everything; native backends
 * (found through {@link java.util.ServiceLoader}) declare what they support and are asked first.
 *
 * <p>Two kinds of kernel: the matrix product ({@link GemmSpec}), and the fused kernels described by a
 * {@link KernelSpec} (attention, normalisations, activations, RoPE, selective scan, quantized products).
 * A backend that implements none of the fused kernels leaves {@link #supports} and {@link #execute} as
 * they are.
 */
public interface Backend {
    /** Short name used to select the backend ({@code java}, {@code native}, {@code cuda}). */
    String name();

    /** Whether this backend can run {@code spec}. */
    boolean supportsGemm(GemmSpec spec);

    /** Runs the matrix product described by {@code spec}; only called when {@link #supportsGemm} said yes. */
    void gemm(GemmSpec spec);

    /** Whether this backend can run the fused kernel {@code spec}; by default it runs none. */
    default boolean supports(KernelSpec spec) {
        return false;
    }

    /** Runs {@code spec}; only called when {@link #supports} said yes. By default no kernel is supported. */
    default void execute(KernelSpec spec) {
        throw new UnsupportedOperationException("the " + name() + " backend does not support " + spec.kernel());
    }
}
