package dev.gatun.tensor;

/** Reductions over dimensions that have kernels and derivative rules. */
public enum ReduceKind {
    SUM, MAX, MIN
}
