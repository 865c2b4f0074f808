package dev.gatun.kernels.cuda;

import org.junit.jupiter.api.Assumptions;

/** Skips a test, with the runtime's reason, when there is no usable CUDA device. */
final class CudaTesting {
    private CudaTesting() {
    }

    static void assumeDevice() {
        Assumptions.assumeTrue(CudaRuntime.isAvailable(), CudaRuntime::unavailableReason);
    }

    static void assumeNoDevice() {
        Assumptions.assumeFalse(CudaRuntime.isAvailable(), "a CUDA device is present: " + CudaRuntime.describe());
    }
}
