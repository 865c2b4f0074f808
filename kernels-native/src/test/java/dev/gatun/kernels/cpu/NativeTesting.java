package dev.gatun.kernels.cpu;

import org.junit.jupiter.api.Assumptions;

/** Skips a test, with the reason, when libgatun is not loaded (built without a C compiler, or failed to load). */
final class NativeTesting {
    private NativeTesting() {
    }

    static void assumeLibrary() {
        Assumptions.assumeTrue(NativeBackend.isAvailable(), () -> "libgatun unavailable: " + NativeBackend.unavailableReason());
    }
}
