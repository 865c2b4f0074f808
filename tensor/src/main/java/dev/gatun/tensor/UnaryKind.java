package dev.gatun.tensor;

/** The elementwise functions of one tensor that have kernels and derivative rules of their own. */
public enum UnaryKind {
    NEG, EXP, LOG, SQRT, RSQRT, ABS, TANH, SIGMOID, RELU, ERF, SIN, COS, LOG1P, EXPM1, SIGN
}
