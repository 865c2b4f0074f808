/**
 * The pure-Java compute kernels of Gatun's CPU backend, written with the Vector API over
 * {@link java.lang.foreign.MemorySegment}s.
 *
 * <p>{@link dev.gatun.tensor.kernels.Parallel} is the one thread pool they share.
 * {@link dev.gatun.tensor.kernels.Gemm} runs every matrix product a
 * {@link dev.gatun.tensor.kernels.GemmSpec} describes (any strides, batch broadcast, F32 output from
 * F32/F16/BF16 inputs, and an F64 path); {@link dev.gatun.tensor.kernels.GemmReference} is the plain
 * triple loop it is tested against, and {@link dev.gatun.tensor.kernels.GemmBenchmark} measures it.
 * A B operand used on every call (a layer's weight) can be packed once into a
 * {@link dev.gatun.tensor.kernels.PackedB} and handed to {@code Gemm.run} with an optional bias row.
 *
 * <p>Kernels read narrow types (F16, BF16) in place and widen them in registers or while packing; they
 * never materialise a converted copy of a whole operand.
 */
package dev.gatun.tensor.kernels;
