/*
 * common.cuh: what every kernel file shares: operand loads that widen F16/BF16 to float, warp and block
 * reductions, and the launch epilogue that turns a failed launch into its cudaError_t.
 */
#ifndef GATUN_CUDA_COMMON_CUH
#define GATUN_CUDA_COMMON_CUH

#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>
#include <math.h>

#include "gatun_cuda.h"

/* element i of an F32, F16 or BF16 array, as float */
__device__ __forceinline__ float gt_load(const void *base, int64_t i, int64_t type) {
    switch (type) {
    case GATUN_CUDA_F16:
        return __half2float(static_cast<const __half *>(base)[i]);
    case GATUN_CUDA_BF16:
        return __bfloat162float(static_cast<const __nv_bfloat16 *>(base)[i]);
    default:
        return static_cast<const float *>(base)[i];
    }
}

__device__ __forceinline__ float gt_warp_sum(float v) {
    for (int o = 16; o > 0; o >>= 1) {
        v += __shfl_xor_sync(0xffffffffu, v, o);
    }
    return v;
}

__device__ __forceinline__ float gt_warp_max(float v) {
    for (int o = 16; o > 0; o >>= 1) {
        v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    }
    return v;
}

/*
 * Sum (or max) of one value per thread over the whole block; every thread gets the result. `scratch` holds
 * 32 floats of shared memory; blockDim.x is a multiple of 32. Safe to call repeatedly (it synchronises
 * before reusing scratch).
 */
__device__ __forceinline__ float gt_block_reduce(float v, float *scratch, bool max) {
    int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    v = max ? gt_warp_max(v) : gt_warp_sum(v);
    __syncthreads();
    if (lane == 0) {
        scratch[warp] = v;
    }
    __syncthreads();
    float r = lane < warps ? scratch[lane] : (max ? -INFINITY : 0.0f);
    return max ? gt_warp_max(r) : gt_warp_sum(r);
}

/* the status of the launch just made: 0, or the cudaError_t the runtime reports */
static inline int32_t gt_launched(void) {
    return (int32_t)cudaGetLastError();
}

static inline int64_t gt_ceil_div(int64_t a, int64_t b) {
    return (a + b - 1) / b;
}

/* grid dimensions y and z are limited to 65535; kernels loop over what does not fit */
static inline unsigned gt_grid_yz(int64_t n) {
    return (unsigned)(n < 65535 ? (n < 1 ? 1 : n) : 65535);
}

#endif
