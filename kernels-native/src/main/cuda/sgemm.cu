/*
 * sgemm.cu: the batched matrix product C[b] = A[b] B[b] (+ C[b]) of gatun_cuda_gemm_params, two ways:
 *
 *   path 0  CUDA cores: gemm_tile.cuh's 64 x 64 tiles, exact F32 products and sums, any operand dtypes.
 *   path 1  tensor cores through WMMA: 64 x 64 tiles, four warps each owning 32 x 32 (2 x 2 fragments of
 *           16 x 16); F16 x F16 and BF16 x BF16 as m16n16k16, F32 x F32 rounded to TF32 as m16n16k8;
 *           F32 accumulation. Operands are staged through shared memory in their own type (exact), so
 *           any strides and sizes work; the result goes through shared memory so that edge tiles are
 *           written with bounds checks.
 *
 * Grid: x over column tiles, y over row tiles, z over the batch (looping when the batch exceeds 65535).
 */
#include <mma.h>
#include <type_traits>

#include "gemm_tile.cuh"

static __global__ void __launch_bounds__(GT_TILE_THREADS) gemm_cuda_cores(gatun_cuda_gemm_params p) {
    int64_t m0 = (int64_t)blockIdx.y * GT_TILE, n0 = (int64_t)blockIdx.x * GT_TILE;
    for (int64_t bt = blockIdx.z; bt < p.batch; bt += gridDim.z) {
        int64_t asz = p.a_type == GATUN_CUDA_F32 ? 4 : 2, bsz = p.b_type == GATUN_CUDA_F32 ? 4 : 2;
        gt_matrix a = {static_cast<const char *>(p.a) + bt * p.a_strides[0] * asz, p.a_type, p.a_strides[1],
                       p.a_strides[2]};
        gt_matrix b = {static_cast<const char *>(p.b) + bt * p.b_strides[0] * bsz, p.b_type, p.b_strides[1],
                       p.b_strides[2]};
        gt_gemm_tile(a, b, p.c + bt * p.c_strides[0], p.c_strides[1], p.m, p.n, p.k, m0, n0, p.accumulate != 0);
    }
}

template <typename T> __device__ __forceinline__ T gt_from_float(float v);
template <> __device__ __forceinline__ __half gt_from_float<__half>(float v) {
    return __float2half_rn(v);
}
template <> __device__ __forceinline__ __nv_bfloat16 gt_from_float<__nv_bfloat16>(float v) {
    return __float2bfloat16_rn(v);
}
template <> __device__ __forceinline__ float gt_from_float<float>(float v) {
    return v;
}

#define WMMA_THREADS 128
#define A_LD (GT_TILE_K + 8)  /* padded leading dimensions: multiples of 8 elements, 32-byte aligned rows */
#define B_LD (GT_TILE + 8)
#define C_LD (GT_TILE + 4)

/* T: the operand type in shared memory (float for TF32); KS: the fragment depth (16, or 8 for TF32) */
template <typename T, int KS> static __global__ void __launch_bounds__(WMMA_THREADS) gemm_wmma(gatun_cuda_gemm_params p) {
    using namespace nvcuda;
    using Frag = typename std::conditional<KS == 8, wmma::precision::tf32, T>::type;
    __shared__ __align__(32) T as[GT_TILE][A_LD];
    __shared__ __align__(32) T bs[GT_TILE_K][B_LD];
    __shared__ __align__(32) float cs[GT_TILE][C_LD];
    int tid = threadIdx.x, warp = tid / 32, wm = warp / 2, wn = warp % 2;
    int64_t m0 = (int64_t)blockIdx.y * GT_TILE, n0 = (int64_t)blockIdx.x * GT_TILE;
    for (int64_t bt = blockIdx.z; bt < p.batch; bt += gridDim.z) {
        int64_t abase = bt * p.a_strides[0], bbase = bt * p.b_strides[0];
        wmma::fragment<wmma::accumulator, 16, 16, KS, float> acc[2][2];
#pragma unroll
        for (int i = 0; i < 2; i++) {
#pragma unroll
            for (int j = 0; j < 2; j++) {
                wmma::fill_fragment(acc[i][j], 0.0f);
            }
        }
        for (int64_t k0 = 0; k0 < p.k; k0 += GT_TILE_K) {
            for (int idx = tid; idx < GT_TILE * GT_TILE_K; idx += WMMA_THREADS) {
                int row = idx / GT_TILE_K, kk = idx % GT_TILE_K;
                int64_t gi = m0 + row, gk = k0 + kk;
                float av = gi < p.m && gk < p.k
                               ? gt_load(p.a, abase + gi * p.a_strides[1] + gk * p.a_strides[2], p.a_type)
                               : 0.0f;
                as[row][kk] = gt_from_float<T>(av);
                int kr = idx / GT_TILE, col = idx % GT_TILE;
                int64_t bk = k0 + kr, gj = n0 + col;
                float bv = bk < p.k && gj < p.n
                               ? gt_load(p.b, bbase + bk * p.b_strides[1] + gj * p.b_strides[2], p.b_type)
                               : 0.0f;
                bs[kr][col] = gt_from_float<T>(bv);
            }
            __syncthreads();
#pragma unroll
            for (int kk = 0; kk < GT_TILE_K; kk += KS) {
                wmma::fragment<wmma::matrix_a, 16, 16, KS, Frag, wmma::row_major> fa[2];
                wmma::fragment<wmma::matrix_b, 16, 16, KS, Frag, wmma::row_major> fb[2];
#pragma unroll
                for (int i = 0; i < 2; i++) {
                    wmma::load_matrix_sync(fa[i], &as[wm * 32 + i * 16][kk], A_LD);
                    wmma::load_matrix_sync(fb[i], &bs[kk][wn * 32 + i * 16], B_LD);
                    if constexpr (KS == 8) {
                        for (int t = 0; t < fa[i].num_elements; t++) {
                            fa[i].x[t] = wmma::__float_to_tf32(fa[i].x[t]);
                        }
                        for (int t = 0; t < fb[i].num_elements; t++) {
                            fb[i].x[t] = wmma::__float_to_tf32(fb[i].x[t]);
                        }
                    }
                }
#pragma unroll
                for (int i = 0; i < 2; i++) {
#pragma unroll
                    for (int j = 0; j < 2; j++) {
                        wmma::mma_sync(acc[i][j], fa[i], fb[j], acc[i][j]);
                    }
                }
            }
            __syncthreads();
        }
#pragma unroll
        for (int i = 0; i < 2; i++) {
#pragma unroll
            for (int j = 0; j < 2; j++) {
                wmma::store_matrix_sync(&cs[wm * 32 + i * 16][wn * 32 + j * 16], acc[i][j], C_LD, wmma::mem_row_major);
            }
        }
        __syncthreads();
        float *c = p.c + bt * p.c_strides[0];
        for (int idx = tid; idx < GT_TILE * GT_TILE; idx += WMMA_THREADS) {
            int r = idx / GT_TILE, col = idx % GT_TILE;
            int64_t gi = m0 + r, gj = n0 + col;
            if (gi < p.m && gj < p.n) {
                float *out = c + gi * p.c_strides[1] + gj;
                *out = p.accumulate ? *out + cs[r][col] : cs[r][col];
            }
        }
        __syncthreads();
    }
}

static bool valid_type(int64_t t) {
    return t == GATUN_CUDA_F32 || t == GATUN_CUDA_F16 || t == GATUN_CUDA_BF16;
}

extern "C" int32_t gatun_cuda_gemm(const gatun_cuda_gemm_params *p, void *stream) {
    if (p->batch < 0 || p->m < 0 || p->n < 0 || p->k < 0 || !valid_type(p->a_type) || !valid_type(p->b_type)
        || gt_ceil_div(p->m, GT_TILE) > 65535 || gt_ceil_div(p->n, GT_TILE) > 0x7fffffff) {
        return GATUN_CUDA_ERR_ARG;
    }
    if (p->batch == 0 || p->m == 0 || p->n == 0) {
        return 0;
    }
    dim3 grid((unsigned)gt_ceil_div(p->n, GT_TILE), (unsigned)gt_ceil_div(p->m, GT_TILE), gt_grid_yz(p->batch));
    cudaStream_t s = (cudaStream_t)stream;
    if (p->path == 0) {
        gemm_cuda_cores<<<grid, GT_TILE_THREADS, 0, s>>>(*p);
    } else if (p->a_type != p->b_type) {
        return GATUN_CUDA_ERR_ARG;
    } else if (p->a_type == GATUN_CUDA_F16) {
        gemm_wmma<__half, 16><<<grid, WMMA_THREADS, 0, s>>>(*p);
    } else if (p->a_type == GATUN_CUDA_BF16) {
        gemm_wmma<__nv_bfloat16, 16><<<grid, WMMA_THREADS, 0, s>>>(*p);
    } else {
        gemm_wmma<float, 8><<<grid, WMMA_THREADS, 0, s>>>(*p);
    }
    return gt_launched();
}
