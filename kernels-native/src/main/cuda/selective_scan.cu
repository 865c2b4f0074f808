/*
 * selective_scan.cu: Mamba's selective scan (Gu and Dao 2023, Algorithm 2), the semantics of
 * dev.gatun.tensor.SelectiveScan and selective_scan.c:
 *   dt  = delta + delta_bias, softplus'd (relu(t) + log1p(exp(-|t|))) if delta_softplus
 *   x_l = exp(dt_l A) x_{l-1} + dt_l B_l u_l         (N states per channel)
 *   y_l = C_l . x_l + D u_l,  y_l *= silu(z_l)
 *
 * One warp per (batch, channel) recurrence, four per block. Lane i keeps states i, i + 32, ... in
 * registers (N <= 256); each step updates them and sums C_l . x_l across the warp with shuffles, and lane
 * 0 writes y_l. The steps run in order, as the recurrence requires; the parallelism is over batch x
 * channels.
 */
#include "common.cuh"

#define SCAN_WARPS 4
#define PER_LANE 8 /* states per lane: N <= 32 * PER_LANE */

static __global__ void __launch_bounds__(SCAN_WARPS * 32) selective_scan(gatun_cuda_selective_scan_params p) {
    int lane = threadIdx.x & 31;
    int64_t pair = (int64_t)blockIdx.x * SCAN_WARPS + (threadIdx.x >> 5);
    if (pair >= p.batch * p.channels) {
        return; /* no block-wide synchronisation follows */
    }
    int64_t b = pair / p.channels, d = pair % p.channels, n = p.state, len = p.length;
    float a[PER_LANE], x[PER_LANE];
#pragma unroll
    for (int r = 0; r < PER_LANE; r++) {
        int64_t j = lane + 32 * r;
        a[r] = j < n ? p.a[d * n + j] : 0.0f;
        x[r] = j < n && p.initial_state ? p.initial_state[pair * n + j] : 0.0f;
    }
    float bias = p.delta_bias ? p.delta_bias[d] : 0.0f;
    float dd = p.d ? p.d[d] : 0.0f;
    const float *u = p.u + pair * len, *delta = p.delta + pair * len;
    const float *z = p.z ? p.z + pair * len : nullptr;
    const float *bb = p.b + b * n * len, *cc = p.c + b * n * len;
    float *out = p.out + pair * len;
    for (int64_t l = 0; l < len; l++) {
        float dt = delta[l] + bias;
        if (p.delta_softplus) {
            dt = fmaxf(dt, 0.0f) + log1pf(expf(-fabsf(dt)));
        }
        float ul = u[l], du = dt * ul, part = 0.0f;
#pragma unroll
        for (int r = 0; r < PER_LANE; r++) {
            int64_t j = lane + 32 * r;
            if (j < n) {
                x[r] = expf(dt * a[r]) * x[r] + du * bb[j * len + l];
                part = fmaf(x[r], cc[j * len + l], part);
            }
        }
        float y = gt_warp_sum(part);
        if (lane == 0) {
            y += dd * ul;
            if (z) {
                float zl = z[l];
                y *= zl / (1.0f + expf(-zl));
            }
            out[l] = y;
        }
    }
    if (p.last_state) {
#pragma unroll
        for (int r = 0; r < PER_LANE; r++) {
            int64_t j = lane + 32 * r;
            if (j < n) {
                p.last_state[pair * n + j] = x[r];
            }
        }
    }
}

extern "C" int32_t gatun_cuda_selective_scan(const gatun_cuda_selective_scan_params *p, void *stream) {
    if (p->batch < 0 || p->channels < 0 || p->length < 0 || p->state < 0 || p->state > 32 * PER_LANE) {
        return GATUN_CUDA_ERR_ARG;
    }
    int64_t pairs = p->batch * p->channels;
    if (pairs == 0) {
        return 0;
    }
    selective_scan<<<(unsigned)gt_ceil_div(pairs, SCAN_WARPS), SCAN_WARPS * 32, 0, (cudaStream_t)stream>>>(*p);
    return gt_launched();
}
