package dev.gatun.tensor.backend;

import dev.gatun.tensor.kernels.GemmSpec;

/**
 * A provider of kernels for the hot paths. The pure-Java backend supports everything; native backends
 * (found through {@link java.util.ServiceLoader}) declare what they support and are asked first.
 */
public interface Backend {
    /** Short name used to select the backend ({@code java}, {@code native}, {@code cuda}). */
    String name();

    /** Whether this backend can run {@code spec}. */
    boolean supportsGemm(GemmSpec spec);

    /** Runs the matrix product described by {@code spec}; only called when {@link #supportsGemm} said yes. */
    void gemm(GemmSpec spec);
}
