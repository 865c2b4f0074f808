/**
 * The CUDA backend: libgatun_cuda's kernels (kernels-native/src/main/cuda) and their bindings through the
 * Foreign Function and Memory API.
 *
 * <ul>
 *   <li>{@link dev.gatun.kernels.cuda.CudaRuntime}: whether a device is usable and why not; the device's
 *       properties; every runtime error as a {@link dev.gatun.tensor.GatunException} naming the call.</li>
 *   <li>{@link dev.gatun.kernels.cuda.DeviceBuffer}, {@link dev.gatun.kernels.cuda.DeviceArena},
 *       {@link dev.gatun.kernels.cuda.CudaStream}: device memory with deterministic freeing, host copies,
 *       streams.</li>
 *   <li>{@link dev.gatun.kernels.cuda.CudaTensor}: a contiguous tensor in device memory, moved with
 *       {@code toDevice}/{@code toHost} (a whole state dict in one call).</li>
 *   <li>One class per kernel file, named as it: {@link dev.gatun.kernels.cuda.Sgemm} ({@code sgemm.cu}),
 *       {@link dev.gatun.kernels.cuda.GroupedGemm}, {@link dev.gatun.kernels.cuda.FlashAttention},
 *       {@link dev.gatun.kernels.cuda.Rows}, {@link dev.gatun.kernels.cuda.Elementwise},
 *       {@link dev.gatun.kernels.cuda.SelectiveScan}. Each checks dtypes and shapes before anything reaches
 *       native code, then fills the kernel's parameter struct ({@code CudaKernel} mirrors gatun_cuda.h).</li>
 *   <li>{@link dev.gatun.kernels.cuda.CudaBackend}: tensor's {@link dev.gatun.tensor.backend.Backend} for
 *       host tensors, registered as {@code cuda}.</li>
 * </ul>
 */
package dev.gatun.kernels.cuda;
