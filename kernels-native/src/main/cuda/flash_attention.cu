/*
 * flash_attention.cu: attention forward without materialising the (Tq, Tk) scores (Dao et al.,
 * "FlashAttention", 2022), with the online softmax of Milakov and Gimelshein (2018).
 *
 * One warp per query, WARPS queries per block sharing each tile of KEYS keys and values staged in shared
 * memory. For a tile, lane j scores key j (a dot product over D against the query, which sits in shared
 * memory pre-scaled); the warp takes the tile's maximum, rescales its running sum and output by
 * exp(old max - new max), and adds p_j v_j, each lane owning output dimensions lane, lane + 32, ... (so
 * Dv <= 128). Masked keys score -inf and add nothing; a query that sees no key writes zeros.
 *
 * Grid: x over blocks of WARPS queries, y over heads, z over the batch (looping past 65535).
 */
#include "common.cuh"

#define WARPS 4
#define KEYS 32
#define DMAX 128
#define KS_LD (DMAX + 1) /* lane j reads row j of the key tile: the padding spreads them over the banks */

/* whether query qi (at position qpos) may attend to key kj of batch b */
static __device__ __forceinline__ bool allowed(const gatun_cuda_attention_params &p, int64_t b, int64_t qi,
                                               int64_t qpos, int64_t kj) {
    if (p.causal && kj > qpos) {
        return false;
    }
    if (p.window > 0 && (qpos - kj >= p.window || kj - qpos >= p.window)) {
        return false;
    }
    if (p.key_mask && !p.key_mask[b * p.tk + kj]) {
        return false;
    }
    if (p.block_mask) {
        int64_t cols = (p.tk + p.block_size - 1) / p.block_size;
        if (!p.block_mask[(qi / p.block_size) * cols + kj / p.block_size]) {
            return false;
        }
    }
    return true;
}

static __global__ void __launch_bounds__(WARPS * 32) attention(gatun_cuda_attention_params p) {
    __shared__ float ks[KEYS][KS_LD];
    __shared__ float vs[KEYS][KS_LD];
    __shared__ float qs[WARPS][DMAX];
    int tid = threadIdx.x, lane = tid & 31, warp = tid >> 5;
    int64_t h = blockIdx.y, hk = h / (p.heads / p.kv_heads);
    int64_t q0 = (int64_t)blockIdx.x * WARPS, qi = q0 + warp, shift = p.tk - p.tq;
    bool active = qi < p.tq;
    /* the positions of the block's first and last queries bound the keys the causal and window masks allow */
    int64_t qlast = (q0 + WARPS < p.tq ? q0 + WARPS : p.tq) - 1;
    int64_t lo = 0, hi = p.tk;
    if (p.causal && qlast + shift + 1 < hi) {
        hi = qlast + shift + 1;
    }
    if (p.window > 0) {
        lo = q0 + shift - p.window + 1 > 0 ? q0 + shift - p.window + 1 : 0;
        if (qlast + shift + p.window < hi) {
            hi = qlast + shift + p.window;
        }
    }
    for (int64_t b = blockIdx.z; b < p.batch; b += gridDim.z) {
        const float *q = p.q + ((b * p.heads + h) * p.tq + qi) * p.d;
        const float *k = p.k + (b * p.kv_heads + hk) * p.tk * p.d;
        const float *v = p.v + (b * p.kv_heads + hk) * p.tk * p.dv;
        if (active) {
            for (int64_t c = lane; c < p.d; c += 32) {
                qs[warp][c] = q[c] * (float)p.scale;
            }
        }
        float m = -INFINITY, l = 0.0f, acc[DMAX / 32] = {};
        for (int64_t j0 = lo - lo % KEYS; j0 < hi; j0 += KEYS) {
            __syncthreads(); /* the previous tile (and batch) is no longer read */
            for (int64_t idx = tid; idx < KEYS * p.d; idx += WARPS * 32) {
                int64_t r = idx / p.d, c = idx % p.d;
                ks[r][c] = j0 + r < p.tk ? k[(j0 + r) * p.d + c] : 0.0f;
            }
            for (int64_t idx = tid; idx < KEYS * p.dv; idx += WARPS * 32) {
                int64_t r = idx / p.dv, c = idx % p.dv;
                vs[r][c] = j0 + r < p.tk ? v[(j0 + r) * p.dv + c] : 0.0f;
            }
            __syncthreads();
            if (!active) {
                continue;
            }
            int64_t kj = j0 + lane;
            float s = -INFINITY;
            if (kj < p.tk && allowed(p, b, qi, qi + shift, kj)) {
                float dot = 0.0f;
                for (int64_t c = 0; c < p.d; c++) {
                    dot = fmaf(qs[warp][c], ks[lane][c], dot);
                }
                s = dot;
            }
            float tile_max = gt_warp_max(s);
            if (tile_max == -INFINITY) {
                continue; /* the whole tile is masked for this query */
            }
            float m_new = fmaxf(m, tile_max);
            float alpha = expf(m - m_new); /* 0 while m is still -inf */
            float pj = s == -INFINITY ? 0.0f : expf(s - m_new);
            l = l * alpha + gt_warp_sum(pj);
#pragma unroll
            for (int r = 0; r < DMAX / 32; r++) {
                acc[r] *= alpha;
            }
            for (int j = 0; j < KEYS; j++) {
                float w = __shfl_sync(0xffffffffu, pj, j);
                if (w != 0.0f) {
#pragma unroll
                    for (int r = 0; r < DMAX / 32; r++) {
                        int c = lane + 32 * r;
                        if (c < p.dv) {
                            acc[r] = fmaf(w, vs[j][c], acc[r]);
                        }
                    }
                }
            }
            m = m_new;
        }
        if (active) {
            float *out = p.out + ((b * p.heads + h) * p.tq + qi) * p.dv;
            float inv = l > 0.0f ? 1.0f / l : 0.0f;
#pragma unroll
            for (int r = 0; r < DMAX / 32; r++) {
                int c = lane + 32 * r;
                if (c < p.dv) {
                    out[c] = acc[r] * inv;
                }
            }
        }
        __syncthreads(); /* qs is rewritten for the next batch */
    }
}

extern "C" int32_t gatun_cuda_attention(const gatun_cuda_attention_params *p, void *stream) {
    if (p->batch < 0 || p->heads < 1 || p->kv_heads < 1 || p->heads % p->kv_heads != 0 || p->tq < 0 || p->tk < 0
        || p->d < 0 || p->d > DMAX || p->dv < 0 || p->dv > DMAX || p->window < 0
        || (p->block_mask && p->block_size < 1) || p->heads > 65535) {
        return GATUN_CUDA_ERR_ARG;
    }
    if (p->batch == 0 || p->tq == 0 || p->dv == 0) {
        return 0;
    }
    dim3 grid((unsigned)gt_ceil_div(p->tq, WARPS), (unsigned)p->heads, gt_grid_yz(p->batch));
    attention<<<grid, WARPS * 32, 0, (cudaStream_t)stream>>>(*p);
    return gt_launched();
}
