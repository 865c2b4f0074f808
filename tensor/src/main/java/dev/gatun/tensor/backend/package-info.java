/**
 * The kernel-provider contract: {@link dev.gatun.tensor.backend.Backend} and the choice among installed
 * backends ({@link dev.gatun.tensor.backend.Backends}: forced by {@code GATUN_BACKEND} or the API, else the
 * first that supports a kernel, else pure Java). Native backends register through
 * {@link java.util.ServiceLoader}, so nothing in the tensor runtime depends on them at compile time.
 *
 * <p>Two kinds of kernel go through it: matrix products ({@link dev.gatun.tensor.kernels.GemmSpec}, which
 * {@code matmul} routes), and fused kernels described by the records of the sealed
 * {@link dev.gatun.tensor.backend.KernelSpec} (attention, softmax, layer and RMS norm, activations, RoPE,
 * selective scan, quantized matrix-vector products), each with a composed reference that the Java
 * backend runs. {@link dev.gatun.tensor.backend.GemmTiming} times a product on any backend.
 *
 * {@snippet :
 * var spec = new RmsNormSpec(x, weight, 1e-6, out);   // shapes checked here
 * Backends.forKernel(spec).execute(spec);             // native when it supports the spec, else Java
 * }
 */
package dev.gatun.tensor.backend;
