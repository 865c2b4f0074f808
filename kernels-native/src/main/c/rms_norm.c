/*
 * rms_norm.c: root-mean-square normalisation over the last dimension of a (rows, cols) view,
 * out = x / sqrt(mean(x^2) + eps) * weight (Llama's RMSNorm). Compiled twice; rows split among threads.
 */
#include <math.h>

#include "internal.h"

static void GT_ISA(rms_norm_row)(const gatun_rms_norm_params *p, const float *x, float *out) {
    const gatun_rows *r = &p->shape;
    int64_t n = r->cols, xs = r->x_col_stride, os = r->out_col_stride;
    float sq = 0.0f;
    if (xs == 1) { /* the unit-stride loop vectorises without gathers */
#pragma omp simd reduction(+ : sq)
        for (int64_t c = 0; c < n; c++) {
            sq += x[c] * x[c];
        }
    } else {
        for (int64_t c = 0; c < n; c++) {
            sq += x[c * xs] * x[c * xs];
        }
    }
    float rstd = 1.0f / sqrtf(sq / (float)n + p->eps);
    const float *w = p->weight;
    int64_t ws = p->weight_stride;
    if (xs == 1 && os == 1 && (w == NULL || ws == 1)) {
#pragma omp simd
        for (int64_t c = 0; c < n; c++) {
            float y = x[c] * rstd;
            out[c] = w ? y * w[c] : y;
        }
        return;
    }
    for (int64_t c = 0; c < n; c++) {
        float y = x[c * xs] * rstd;
        out[c * os] = w ? y * w[c * ws] : y;
    }
}

void GT_ISA(gt_rms_norm_task)(void *ctx, int tid, int nthreads) {
    const gatun_rms_norm_params *p = ctx;
    int64_t r0, r1;
    gt_rows_of(p->shape.rows, tid, nthreads, &r0, &r1);
    for (int64_t i = r0; i < r1; i++) {
        GT_ISA(rms_norm_row)(p, p->x + i * p->shape.x_row_stride, p->out + i * p->shape.out_row_stride);
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_rms_norm_task);

int32_t gatun_rms_norm(const gatun_rms_norm_params *p) {
    if (p->exec.threads < 1 || p->shape.rows < 0 || p->shape.cols < 0) {
        return GATUN_ERR_ARG;
    }
    if (p->shape.rows == 0 || p->shape.cols == 0) {
        return GATUN_OK;
    }
    int threads = gt_threads_for(&p->exec, (double)p->shape.rows * p->shape.cols, 16384);
    gt_parallel(threads, GT_PICK(&p->exec, gt_rms_norm_task), (void *)p);
    return GATUN_OK;
}
#endif
