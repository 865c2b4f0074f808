/*
 * grouped_gemm.cu: the mixture-of-experts product of gatun_cuda_grouped_gemm_params in one launch. Tokens
 * arrive sorted by expert; offsets[e] .. offsets[e+1] are expert e's rows of X. Grid: x over column tiles
 * of N, y over row tiles of the largest group, z over experts; a block whose row tile lies past the end
 * of its expert's group has nothing to do. Each tile is gemm_tile.cuh's, with B = W[e]^T read through
 * strides (row stride 1, column stride K), so no transposed copy of the weights is made.
 */
#include "gemm_tile.cuh"

static __global__ void __launch_bounds__(GT_TILE_THREADS) grouped_gemm(gatun_cuda_grouped_gemm_params p) {
    int64_t m0 = (int64_t)blockIdx.y * GT_TILE, n0 = (int64_t)blockIdx.x * GT_TILE;
    int64_t xsz = p.x_type == GATUN_CUDA_F32 ? 4 : 2, wsz = p.w_type == GATUN_CUDA_F32 ? 4 : 2;
    for (int64_t e = blockIdx.z; e < p.experts; e += gridDim.z) {
        int64_t start = p.offsets[e], rows = p.offsets[e + 1] - start;
        if (m0 >= rows) {
            continue; /* the same for every thread of the block */
        }
        gt_matrix x = {static_cast<const char *>(p.x) + start * p.k * xsz, p.x_type, p.k, 1};
        gt_matrix w = {static_cast<const char *>(p.w) + e * p.n * p.k * wsz, p.w_type, 1, p.k};
        gt_gemm_tile(x, w, p.out + start * p.n, p.n, rows, p.n, p.k, m0, n0, false);
    }
}

extern "C" int32_t gatun_cuda_grouped_gemm(const gatun_cuda_grouped_gemm_params *p, void *stream) {
    if (p->experts < 0 || p->tokens < 0 || p->n < 0 || p->k < 0 || p->max_rows < 0 || p->max_rows > p->tokens
        || gt_ceil_div(p->max_rows, GT_TILE) > 65535) {
        return GATUN_CUDA_ERR_ARG;
    }
    if (p->experts == 0 || p->max_rows == 0 || p->n == 0) {
        return 0;
    }
    dim3 grid((unsigned)gt_ceil_div(p->n, GT_TILE), (unsigned)gt_ceil_div(p->max_rows, GT_TILE), gt_grid_yz(p->experts));
    grouped_gemm<<<grid, GT_TILE_THREADS, 0, (cudaStream_t)stream>>>(*p);
    return gt_launched();
}
