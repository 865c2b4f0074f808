package dev.gatun.tensor;

/** The broadcasting elementwise functions of two tensors that have kernels and derivative rules. */
public enum BinaryKind {
    ADD, SUB, MUL, DIV, POW, MAXIMUM, MINIMUM
}
