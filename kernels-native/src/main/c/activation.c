/*
 * activation.c: elementwise activations over a (rows, cols) view: GELU (exact, with erf), GELU with
 * the tanh approximation, and SiLU. Compiled twice (portable / AVX2); the branch-free gt_erff,
 * gt_tanhf and gt_expf of internal.h let the contiguous loops vectorise. Work is split among threads
 * in chunks of whole rows, or of columns when there are fewer rows than threads.
 */
#include "internal.h"

#define GT_SQRT_HALF 0.70710678118654752f
#define GT_SQRT_2_OVER_PI 0.79788456080286536f

static inline float gelu(float x) {
    return 0.5f * x * (1.0f + gt_erff(x * GT_SQRT_HALF));
}

static inline float gelu_tanh(float x) {
    return 0.5f * x * (1.0f + gt_tanhf(GT_SQRT_2_OVER_PI * (x + 0.044715f * x * x * x)));
}

static inline float silu(float x) {
    return x * gt_sigmoidf(x);
}

#define GT_ACT_LOOP(fn)                                                                             \
    do {                                                                                            \
        if (xs == 1 && os == 1) {                                                                   \
            _Pragma("omp simd") for (int64_t c = 0; c < n; c++) out[c] = fn(x[c]);                  \
        } else {                                                                                    \
            for (int64_t c = 0; c < n; c++) out[c * os] = fn(x[c * xs]);                            \
        }                                                                                           \
    } while (0)

static void GT_ISA(activation_span)(int kind, const float *x, int64_t xs, float *out, int64_t os, int64_t n) {
    switch (kind) {
    case GATUN_ACT_GELU: GT_ACT_LOOP(gelu); break;
    case GATUN_ACT_GELU_TANH: GT_ACT_LOOP(gelu_tanh); break;
    default: GT_ACT_LOOP(silu); break;
    }
}

#define GT_ACT_CHUNK 4096

void GT_ISA(gt_activation_task)(void *ctx, int tid, int nthreads) {
    const gatun_activation_params *p = ctx;
    const gatun_rows *r = &p->shape;
    int64_t chunks = (r->cols + GT_ACT_CHUNK - 1) / GT_ACT_CHUNK;
    int64_t t0, t1;
    gt_split(r->rows * chunks, 1, tid, nthreads, &t0, &t1);
    for (int64_t t = t0; t < t1; t++) {
        int64_t i = t / chunks, c0 = (t % chunks) * GT_ACT_CHUNK;
        int64_t n = r->cols - c0 < GT_ACT_CHUNK ? r->cols - c0 : GT_ACT_CHUNK;
        GT_ISA(activation_span)(p->kind, p->x + i * r->x_row_stride + c0 * r->x_col_stride, r->x_col_stride,
                                p->out + i * r->out_row_stride + c0 * r->out_col_stride, r->out_col_stride, n);
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_activation_task);

int32_t gatun_activation(const gatun_activation_params *p) {
    if (p->exec.threads < 1 || p->shape.rows < 0 || p->shape.cols < 0 || p->kind < 0 || p->kind > GATUN_ACT_SILU) {
        return GATUN_ERR_ARG;
    }
    if (p->shape.rows == 0 || p->shape.cols == 0) {
        return GATUN_OK;
    }
    int threads = gt_threads_for(&p->exec, (double)p->shape.rows * p->shape.cols, 16384);
    gt_parallel(threads, GT_PICK(&p->exec, gt_activation_task), (void *)p);
    return GATUN_OK;
}
#endif
