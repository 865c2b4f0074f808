/*
 * selective_scan.c: Mamba's selective scan (Gu and Dao 2023, Algorithm 2; selective_scan_ref in
 * mamba_ssm/ops/selective_scan_interface.py), real A, B and C varying with the input:
 *   dt = delta + delta_bias, softplus'd if delta_softplus
 *   x_l = exp(dt_l A) * x_{l-1} + dt_l B_l u_l          (state x: N values per channel)
 *   y_l = C_l . x_l + D u_l,  y_l *= silu(z_l)
 * Each (batch, channel) pair is one independent recurrence; pairs are split among threads. B and C,
 * (B, N, L), are first copied to (L, N) so the state update runs over contiguous N.
 * Compiled twice (portable / AVX2).
 */
#include "internal.h"

typedef struct scan_region {
    const gatun_selective_scan_params *p;
    int failed;
} scan_region;

/* copies (N, L) with strides (sn, sl) to contiguous (L, N) */
static void transpose_nl(const float *src, int64_t sn, int64_t sl, int64_t n, int64_t l, float *dst) {
    for (int64_t i = 0; i < l; i++) {
        for (int64_t j = 0; j < n; j++) {
            dst[i * n + j] = src[j * sn + i * sl];
        }
    }
}

/*
 * One channel's recurrence. The work that does not carry from step to step runs as vector passes over
 * the whole sequence, before (dt = softplus(delta + bias), dt u) and after (D u and the z gate); only the
 * state update, over N, stays inside the sequential loop. `dt`, `du` and `y` are scratch of L floats.
 */
static void GT_ISA(scan_channel)(const gatun_selective_scan_params *p, int64_t b, int64_t d, const float *bt,
                                 const float *ct, float *a, float *x, float *dt, float *du, float *y) {
    int64_t n = p->state, len = p->length;
    for (int64_t j = 0; j < n; j++) {
        a[j] = p->a[d * p->a_strides[0] + j * p->a_strides[1]];
        x[j] = p->initial_state ? p->initial_state[b * p->initial_state_strides[0] + d * p->initial_state_strides[1]
                                                   + j * p->initial_state_strides[2]]
                                : 0.0f;
    }
    float bias = p->delta_bias ? p->delta_bias[d * p->delta_bias_stride] : 0.0f;
    float dd = p->d ? p->d[d * p->d_stride] : 0.0f;
    const float *u = p->u + b * p->u_strides[0] + d * p->u_strides[1];
    const float *delta = p->delta + b * p->delta_strides[0] + d * p->delta_strides[1];
    int64_t us = p->u_strides[2], ds = p->delta_strides[2];
    int softplus = p->delta_softplus;
#pragma omp simd
    for (int64_t l = 0; l < len; l++) {
        float t = delta[l * ds] + bias;
        t = softplus ? gt_softplusf(t) : t;
        dt[l] = t;
        du[l] = t * u[l * us];
    }
    for (int64_t l = 0; l < len; l++) {
        float dtl = dt[l], dul = du[l];
        const float *bl = bt + l * n, *cl = ct + l * n;
        float acc = 0.0f;
#pragma omp simd reduction(+ : acc)
        for (int64_t j = 0; j < n; j++) {
            float xj = gt_expf(dtl * a[j]) * x[j] + dul * bl[j];
            x[j] = xj;
            acc += xj * cl[j];
        }
        y[l] = acc;
    }
    const float *z = p->z ? p->z + b * p->z_strides[0] + d * p->z_strides[1] : NULL;
    int64_t zs = p->z ? p->z_strides[2] : 0, os = p->out_strides[2];
    float *out = p->out + b * p->out_strides[0] + d * p->out_strides[1];
    if (z) {
#pragma omp simd
        for (int64_t l = 0; l < len; l++) {
            float zl = z[l * zs];
            out[l * os] = (y[l] + dd * u[l * us]) * zl * gt_sigmoidf(zl);
        }
    } else {
#pragma omp simd
        for (int64_t l = 0; l < len; l++) {
            out[l * os] = y[l] + dd * u[l * us];
        }
    }
    if (p->last_state) {
        for (int64_t j = 0; j < n; j++) {
            p->last_state[b * p->last_state_strides[0] + d * p->last_state_strides[1] + j * p->last_state_strides[2]] = x[j];
        }
    }
}

void GT_ISA(gt_selective_scan_task)(void *ctx, int tid, int nthreads) {
    scan_region *r = ctx;
    const gatun_selective_scan_params *p = r->p;
    int64_t n = p->state, len = p->length;
    size_t floats = (size_t)(2 * len * n + 2 * n + 3 * len) + 16;
    float *ws = gt_workspace(GT_WS_SCRATCH, floats * sizeof(float));
    if (ws == NULL) {
        __atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
        return;
    }
    float *bt = ws, *ct = bt + len * n, *a = ct + len * n, *x = a + n;
    float *dt = x + n, *du = dt + len, *y = du + len;
    int64_t t0, t1, loaded = -1;
    gt_split((int64_t)p->batch * p->channels, 1, tid, nthreads, &t0, &t1);
    for (int64_t t = t0; t < t1; t++) {
        int64_t b = t / p->channels, d = t % p->channels;
        if (b != loaded) {
            transpose_nl(p->b + b * p->b_strides[0], p->b_strides[1], p->b_strides[2], n, len, bt);
            transpose_nl(p->c + b * p->c_strides[0], p->c_strides[1], p->c_strides[2], n, len, ct);
            loaded = b;
        }
        GT_ISA(scan_channel)(p, b, d, bt, ct, a, x, dt, du, y);
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_selective_scan_task);

int32_t gatun_selective_scan(const gatun_selective_scan_params *p) {
    if (p->exec.threads < 1 || p->batch < 0 || p->channels < 0 || p->length < 0 || p->state < 0) {
        return GATUN_ERR_ARG;
    }
    if (p->batch == 0 || p->channels == 0) {
        return GATUN_OK;
    }
    double work = (double)p->batch * p->channels * (p->length + 1) * (p->state + 1);
    int threads = gt_threads_for(&p->exec, work, 32768);
    scan_region r = {p, 0};
    gt_parallel(threads, GT_PICK(&p->exec, gt_selective_scan_task), &r);
    return r.failed ? GATUN_ERR_NOMEM : GATUN_OK;
}
#endif
