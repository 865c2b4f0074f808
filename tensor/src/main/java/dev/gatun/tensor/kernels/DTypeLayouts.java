package dev.gatun.tensor.kernels;

import java.lang.foreign.ValueLayout;

/** The unaligned little-endian layouts kernels use to read tensor memory (mapped files need not be aligned). */
final class DTypeLayouts {
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED;
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED;
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED;

    private DTypeLayouts() {
    }
}
