/*
 * cuda_runtime.h of the CPU emulation (see ../build-emulation.sh): just enough of CUDA for Gatun's kernels
 * to run unchanged on the CPU, slowly. A launch runs the grid's blocks one after another; each block runs
 * one std::thread per CUDA thread, __syncthreads is a barrier of the block, and every warp shuffle is two
 * barriers of the warp (write all lanes, then read). __shared__ variables become statics, shared by the
 * block that runs at the time. Scheduling by the OS makes races between threads visible, as on a GPU.
 */
#ifndef GATUN_CUDA_EMULATION_RUNTIME_H
#define GATUN_CUDA_EMULATION_RUNTIME_H

#include <barrier>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#define __global__
#define __device__
#define __host__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(threads)
#define __align__(bytes)

typedef int cudaError_t;
typedef void *cudaStream_t;
enum { cudaSuccess = 0 };

struct dim3 {
    unsigned x, y, z;
    dim3(unsigned x_ = 1, unsigned y_ = 1, unsigned z_ = 1) : x(x_), y(y_), z(z_) {}
};
struct gt_emulated_index {
    unsigned x, y, z;
};
inline thread_local gt_emulated_index threadIdx, blockIdx;
inline dim3 blockDim, gridDim;

struct gt_emulated_warp {
    std::barrier<> *bar;
    float lanes[32];
};
inline std::barrier<> *gt_emulated_block;
inline thread_local gt_emulated_warp *gt_emulated_current_warp;

inline void __syncthreads() {
    gt_emulated_block->arrive_and_wait();
}

inline float gt_emulated_exchange(float v, int source) {
    gt_emulated_warp *w = gt_emulated_current_warp;
    w->lanes[threadIdx.x & 31] = v;
    w->bar->arrive_and_wait();
    float r = w->lanes[source & 31];
    w->bar->arrive_and_wait();
    return r;
}

inline float __shfl_sync(unsigned, float v, int source) {
    return gt_emulated_exchange(v, source);
}

inline float __shfl_xor_sync(unsigned, float v, int mask) {
    return gt_emulated_exchange(v, (int)(threadIdx.x & 31) ^ mask);
}

inline cudaError_t cudaGetLastError() {
    return cudaSuccess;
}

/* the runtime calls of library.cu: one emulated device of compute capability 9.0, host memory as device memory */
enum cudaMemcpyKind { cudaMemcpyHostToDevice = 1, cudaMemcpyDeviceToHost = 2, cudaMemcpyDeviceToDevice = 3, cudaMemcpyDefault = 4 };
struct cudaDeviceProp {
    char name[256];
    int major, minor, multiProcessorCount;
    size_t totalGlobalMem, sharedMemPerBlockOptin;
};
inline cudaError_t cudaRuntimeGetVersion(int *v) { *v = 13000; return cudaSuccess; }
inline cudaError_t cudaDriverGetVersion(int *v) { *v = 13000; return cudaSuccess; }
inline cudaError_t cudaGetDeviceCount(int *n) { *n = 1; return cudaSuccess; }
inline cudaError_t cudaGetDeviceProperties(cudaDeviceProp *p, int) {
    std::memset(p, 0, sizeof *p);
    std::strcpy(p->name, "CPU emulation of a GPU");
    p->major = 9;
    p->multiProcessorCount = 1;
    p->totalGlobalMem = (size_t)1 << 30;
    p->sharedMemPerBlockOptin = 49152;
    return cudaSuccess;
}
inline cudaError_t cudaSetDevice(int) { return cudaSuccess; }
inline const char *cudaGetErrorName(cudaError_t) { return "cudaErrorEmulated"; }
inline const char *cudaGetErrorString(cudaError_t) { return "an error of the CPU emulation"; }
/* fresh memory is filled with 0xff bytes (NaN as floats), so that elements a kernel fails to write show */
inline cudaError_t cudaMalloc(void **p, size_t bytes) {
    *p = std::malloc(bytes ? bytes : 1);
    std::memset(*p, 0xff, bytes);
    return cudaSuccess;
}
inline cudaError_t cudaFree(void *p) { std::free(p); return cudaSuccess; }
inline cudaError_t cudaMemsetAsync(void *p, int v, size_t bytes, cudaStream_t) { std::memset(p, v, bytes); return cudaSuccess; }
inline cudaError_t cudaMemcpy(void *d, const void *s, size_t bytes, cudaMemcpyKind) { std::memcpy(d, s, bytes); return cudaSuccess; }
inline cudaError_t cudaMemcpyAsync(void *d, const void *s, size_t bytes, cudaMemcpyKind, cudaStream_t) {
    std::memcpy(d, s, bytes);
    return cudaSuccess;
}
inline cudaError_t cudaStreamCreate(cudaStream_t *s) { *s = std::malloc(1); return cudaSuccess; }
inline cudaError_t cudaStreamDestroy(cudaStream_t s) { std::free(s); return cudaSuccess; }
inline cudaError_t cudaStreamSynchronize(cudaStream_t) { return cudaSuccess; }
inline cudaError_t cudaDeviceSynchronize() { return cudaSuccess; }

/* kernel<<<grid, threads, 0, stream>>>(params), rewritten by build-emulation.sh */
template <typename P> void gt_emulate(void (*kernel)(P), dim3 grid, unsigned threads, P params) {
    blockDim = dim3(threads);
    gridDim = grid;
    for (unsigned z = 0; z < grid.z; z++) {
        for (unsigned y = 0; y < grid.y; y++) {
            for (unsigned x = 0; x < grid.x; x++) {
                std::barrier<> block((std::ptrdiff_t)threads);
                gt_emulated_block = &block;
                std::vector<gt_emulated_warp> warps(threads / 32);
                std::vector<std::unique_ptr<std::barrier<>>> warpBarriers;
                for (gt_emulated_warp &w : warps) {
                    warpBarriers.emplace_back(new std::barrier<>(32));
                    w.bar = warpBarriers.back().get();
                }
                std::vector<std::thread> team;
                for (unsigned t = 0; t < threads; t++) {
                    team.emplace_back([&, t] {
                        threadIdx = {t, 0, 0};
                        blockIdx = {x, y, z};
                        gt_emulated_current_warp = &warps[t / 32];
                        kernel(params);
                    });
                }
                for (std::thread &t : team) {
                    t.join();
                }
            }
        }
    }
}

#endif
