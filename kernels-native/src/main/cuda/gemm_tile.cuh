/*
 * gemm_tile.cuh: one 64 x 64 tile of C = A B computed by one block of 256 threads on CUDA cores, shared by
 * the plain product (sgemm.cu) and the grouped mixture-of-experts product (grouped_gemm.cu).
 *
 * A (m, k) and B (k, n) are read through element strides and widened to float as they are staged in
 * shared memory, 16 columns of A and 16 rows of B at a time; elements outside the matrices are staged as
 * zeros, so any m, n, k work. Thread (ty, tx) of the 16 x 16 block owns the 4 x 4 outputs at rows
 * ty + 16 i and columns tx + 16 j: neighbouring threads read neighbouring shared words (no bank
 * conflicts) and write neighbouring columns of C.
 */
#ifndef GATUN_CUDA_GEMM_TILE_CUH
#define GATUN_CUDA_GEMM_TILE_CUH

#include "common.cuh"

#define GT_TILE 64
#define GT_TILE_K 16
#define GT_TILE_THREADS 256

/* a strided matrix operand: element (i, j) at base[i * rs + j * cs], of dtype `type` */
struct gt_matrix {
    const void *base;
    int64_t type, rs, cs;
};

/*
 * C[m0.., n0..] (row stride ldc, m x n overall) = A B over k, plus the old C when accumulate.
 * Must be called by all 256 threads of the block.
 */
__device__ __forceinline__ void gt_gemm_tile(gt_matrix a, gt_matrix b, float *c, int64_t ldc, int64_t m, int64_t n,
                                             int64_t k, int64_t m0, int64_t n0, bool accumulate) {
    __shared__ float as[GT_TILE_K][GT_TILE];
    __shared__ float bs[GT_TILE_K][GT_TILE];
    int tid = threadIdx.x, tx = tid % 16, ty = tid / 16;
    float acc[4][4] = {};
    for (int64_t k0 = 0; k0 < k; k0 += GT_TILE_K) {
        for (int idx = tid; idx < GT_TILE * GT_TILE_K; idx += GT_TILE_THREADS) {
            int row = idx / GT_TILE_K, kk = idx % GT_TILE_K; /* consecutive threads walk along k of A */
            int64_t gi = m0 + row, gk = k0 + kk;
            as[kk][row] = gi < m && gk < k ? gt_load(a.base, gi * a.rs + gk * a.cs, a.type) : 0.0f;
            int kr = idx / GT_TILE, col = idx % GT_TILE;     /* and along n of B */
            int64_t bk = k0 + kr, gj = n0 + col;
            bs[kr][col] = bk < k && gj < n ? gt_load(b.base, bk * b.rs + gj * b.cs, b.type) : 0.0f;
        }
        __syncthreads();
#pragma unroll
        for (int kk = 0; kk < GT_TILE_K; kk++) {
            float av[4], bv[4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                av[i] = as[kk][ty + 16 * i];
                bv[i] = bs[kk][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 4; i++) {
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    acc[i][j] = fmaf(av[i], bv[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
        int64_t gi = m0 + ty + 16 * i;
#pragma unroll
        for (int j = 0; j < 4; j++) {
            int64_t gj = n0 + tx + 16 * j;
            if (gi < m && gj < n) {
                float *out = c + gi * ldc + gj;
                *out = accumulate ? *out + acc[i][j] : acc[i][j];
            }
        }
    }
}

#endif
