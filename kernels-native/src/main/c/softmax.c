/*
 * softmax.c: softmax along the last dimension of a (rows, cols) view, one row per step:
 * m = max x, e = exp(x - m), out = e / sum e. Compiled twice (portable / AVX2); rows are split
 * among threads. A row of -inf gives NaN, as torch.softmax does.
 */
#include <math.h>

#include "internal.h"

static void GT_ISA(softmax_row)(const float *x, int64_t xs, float *out, int64_t os, int64_t n) {
    float m = -INFINITY;
    float s = 0.0f;
    if (xs == 1 && os == 1) {
#pragma omp simd reduction(max : m)
        for (int64_t c = 0; c < n; c++) {
            m = x[c] > m ? x[c] : m;
        }
#pragma omp simd reduction(+ : s)
        for (int64_t c = 0; c < n; c++) {
            float e = gt_expf(x[c] - m);
            out[c] = e;
            s += e;
        }
        float inv = 1.0f / s;
#pragma omp simd
        for (int64_t c = 0; c < n; c++) {
            out[c] *= inv;
        }
        return;
    }
    for (int64_t c = 0; c < n; c++) {
        m = x[c * xs] > m ? x[c * xs] : m;
    }
    for (int64_t c = 0; c < n; c++) {
        float e = gt_expf(x[c * xs] - m);
        out[c * os] = e;
        s += e;
    }
    float inv = 1.0f / s;
    for (int64_t c = 0; c < n; c++) {
        out[c * os] *= inv;
    }
}

void GT_ISA(gt_softmax_task)(void *ctx, int tid, int nthreads) {
    const gatun_softmax_params *p = ctx;
    const gatun_rows *r = &p->shape;
    int64_t r0, r1;
    gt_rows_of(r->rows, tid, nthreads, &r0, &r1);
    for (int64_t i = r0; i < r1; i++) {
        GT_ISA(softmax_row)(p->x + i * r->x_row_stride, r->x_col_stride, p->out + i * r->out_row_stride,
                            r->out_col_stride, r->cols);
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_softmax_task);

int32_t gatun_softmax(const gatun_softmax_params *p) {
    if (p->exec.threads < 1 || p->shape.rows < 0 || p->shape.cols < 0) {
        return GATUN_ERR_ARG;
    }
    if (p->shape.rows == 0 || p->shape.cols == 0) {
        return GATUN_OK;
    }
    int threads = gt_threads_for(&p->exec, (double)p->shape.rows * p->shape.cols, 16384);
    gt_parallel(threads, GT_PICK(&p->exec, gt_softmax_task), (void *)p);
    return GATUN_OK;
}
#endif
