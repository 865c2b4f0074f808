/**
 * The native CPU backend: libgatun's C kernels (kernels-native/src/main/c) and their bindings through the
 * Foreign Function and Memory API. {@link dev.gatun.kernels.cpu.NativeBackend} implements tensor's
 * {@link dev.gatun.tensor.backend.Backend}; each kernel has one binding class named as its C file
 * ({@code sgemm.c} and {@code Sgemm}, {@code flash_attention.c} and {@code FlashAttention}, ...) that checks
 * a spec and fills the kernel's parameter struct ({@link dev.gatun.kernels.cpu.Kernel} holds the layouts,
 * which mirror gatun.h). The library travels inside the jar and is loaded by
 * {@code NativeLibrary}.
 */
package dev.gatun.kernels.cpu;
