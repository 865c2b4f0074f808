package dev.gatun.kernels.cpu;

/** The instruction set the native kernels use; a parameter of every call (gatun.h's {@code GATUN_ISA_*}). */
public enum Isa {
    /** AVX2 + FMA + F16C where the CPU has them, else portable C. */
    BEST(0),
    /** Portable C, on any CPU: what a machine without AVX2 runs, and what tests compare with. */
    GENERIC(1);

    private final int code;

    Isa(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
