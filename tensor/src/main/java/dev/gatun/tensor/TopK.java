package dev.gatun.tensor;

/** Result of {@link Functional#topk}: the selected values (differentiable) and their I64 indices. */
public record TopK(Tensor values, Tensor indices) {
}
