package dev.gatun.tensor;

/** Elementwise comparisons; their results are BOOL tensors and carry no gradient. */
public enum CompareKind {
    EQ, NE, LT, LE, GT, GE
}
