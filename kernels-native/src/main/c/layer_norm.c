/*
 * layer_norm.c: layer normalisation over the last dimension of a (rows, cols) view,
 * out = (x - mean) / sqrt(var + eps) * weight + bias, with the biased variance (as torch), computed
 * in two passes over the row for accuracy. Compiled twice (portable / AVX2); rows split among threads.
 */
#include <math.h>

#include "internal.h"

static void GT_ISA(layer_norm_row)(const gatun_layer_norm_params *p, const float *x, float *out) {
    const gatun_rows *r = &p->shape;
    int64_t n = r->cols, xs = r->x_col_stride, os = r->out_col_stride;
    float sum = 0.0f, sq = 0.0f, mean;
    if (xs == 1) { /* the unit-stride loops vectorise without gathers */
#pragma omp simd reduction(+ : sum)
        for (int64_t c = 0; c < n; c++) {
            sum += x[c];
        }
        mean = sum / (float)n;
#pragma omp simd reduction(+ : sq)
        for (int64_t c = 0; c < n; c++) {
            sq += (x[c] - mean) * (x[c] - mean);
        }
    } else {
        for (int64_t c = 0; c < n; c++) {
            sum += x[c * xs];
        }
        mean = sum / (float)n;
        for (int64_t c = 0; c < n; c++) {
            sq += (x[c * xs] - mean) * (x[c * xs] - mean);
        }
    }
    float rstd = 1.0f / sqrtf(sq / (float)n + p->eps);
    const float *w = p->weight, *b = p->bias;
    int64_t ws = p->weight_stride, bs = p->bias_stride;
    if (xs == 1 && os == 1 && (w == NULL || ws == 1) && (b == NULL || bs == 1)) {
#pragma omp simd
        for (int64_t c = 0; c < n; c++) {
            float y = (x[c] - mean) * rstd;
            y = w ? y * w[c] : y;
            out[c] = b ? y + b[c] : y;
        }
        return;
    }
    for (int64_t c = 0; c < n; c++) {
        float y = (x[c * xs] - mean) * rstd;
        y = w ? y * w[c * ws] : y;
        out[c * os] = b ? y + b[c * bs] : y;
    }
}

void GT_ISA(gt_layer_norm_task)(void *ctx, int tid, int nthreads) {
    const gatun_layer_norm_params *p = ctx;
    int64_t r0, r1;
    gt_rows_of(p->shape.rows, tid, nthreads, &r0, &r1);
    for (int64_t i = r0; i < r1; i++) {
        GT_ISA(layer_norm_row)(p, p->x + i * p->shape.x_row_stride, p->out + i * p->shape.out_row_stride);
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_layer_norm_task);

int32_t gatun_layer_norm(const gatun_layer_norm_params *p) {
    if (p->exec.threads < 1 || p->shape.rows < 0 || p->shape.cols < 0) {
        return GATUN_ERR_ARG;
    }
    if (p->shape.rows == 0 || p->shape.cols == 0) {
        return GATUN_OK;
    }
    int threads = gt_threads_for(&p->exec, (double)p->shape.rows * p->shape.cols, 16384);
    gt_parallel(threads, GT_PICK(&p->exec, gt_layer_norm_task), (void *)p);
    return GATUN_OK;
}
#endif
