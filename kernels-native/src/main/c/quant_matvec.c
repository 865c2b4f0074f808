/*
 * quant_matvec.c: out (m, n) = x (m, k) . W^T for a weight W (n, k) stored row by row in ggml's
 * block formats (ggml-common.h), 32 weights per block:
 *   Q8_0: fp16 scale d, then 32 int8 q;                       w = d * q
 *   Q4_0: fp16 scale d, then 16 bytes; byte j holds weights j (low nibble) and j + 16 (high nibble),
 *         each stored with an offset of 8;                     w = d * (nibble - 8)
 * Weights are widened to F32 block by block, in registers; x stays F32 (no activation quantization),
 * so results match the dequantized product to F32 rounding. Compiled twice; rows of W split among threads.
 */
#include "internal.h"

#define GT_QK 32

/* sum over one block of q[i] * x[i], with q widened from the block's codes */
static inline float dot_q8_0(const uint8_t *blk, const float *x) {
    const int8_t *q = (const int8_t *)(blk + 2);
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int i = 0; i < GT_QK; i++) {
        s += (float)q[i] * x[i];
    }
    return s;
}

static inline float dot_q4_0(const uint8_t *blk, const float *x) {
    const uint8_t *q = blk + 2;
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int i = 0; i < GT_QK / 2; i++) {
        s += (float)((int)(q[i] & 0x0F) - 8) * x[i] + (float)((int)(q[i] >> 4) - 8) * x[i + GT_QK / 2];
    }
    return s;
}

static inline float block_scale(const uint8_t *blk) {
    uint16_t h;
    memcpy(&h, blk, 2);
    return gt_f16_to_float(h);
}

typedef struct quant_region {
    const gatun_quant_matvec_params *p;
    int failed;
} quant_region;

void GT_ISA(gt_quant_matvec_task)(void *ctx, int tid, int nthreads) {
    quant_region *r = ctx;
    const gatun_quant_matvec_params *p = r->p;
    int64_t blocks = p->k / GT_QK;
    int64_t block_bytes = p->format == GATUN_Q8_0 ? 34 : 18;
    /* x rows as contiguous F32 (a copy only when x has a column stride) */
    const float *x = p->x;
    int64_t ldx = p->x_row_stride;
    if (p->x_col_stride != 1) {
        float *copy = gt_workspace(GT_WS_SCRATCH, (size_t)p->m * p->k * sizeof(float));
        if (copy == NULL) {
            __atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
            return;
        }
        for (int64_t i = 0; i < p->m; i++) {
            for (int64_t c = 0; c < p->k; c++) {
                copy[i * p->k + c] = p->x[i * p->x_row_stride + c * p->x_col_stride];
            }
        }
        x = copy;
        ldx = p->k;
    }
    int64_t j0, j1;
    gt_split(p->n, 4, tid, nthreads, &j0, &j1);
    for (int64_t j = j0; j < j1; j++) {
        const uint8_t *row = p->w + j * p->w_row_bytes;
        for (int64_t i = 0; i < p->m; i++) {
            const float *xi = x + i * ldx;
            float acc = 0.0f;
            if (p->format == GATUN_Q8_0) {
                for (int64_t bk = 0; bk < blocks; bk++) {
                    const uint8_t *blk = row + bk * block_bytes;
                    acc += block_scale(blk) * dot_q8_0(blk, xi + bk * GT_QK);
                }
            } else {
                for (int64_t bk = 0; bk < blocks; bk++) {
                    const uint8_t *blk = row + bk * block_bytes;
                    acc += block_scale(blk) * dot_q4_0(blk, xi + bk * GT_QK);
                }
            }
            p->out[i * p->out_row_stride + j * p->out_col_stride] = acc;
        }
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_quant_matvec_task);

int32_t gatun_quant_matvec(const gatun_quant_matvec_params *p) {
    if (p->exec.threads < 1 || p->m < 0 || p->n < 0 || p->k < 0 || p->k % GT_QK != 0
        || (p->format != GATUN_Q8_0 && p->format != GATUN_Q4_0)) {
        return GATUN_ERR_ARG;
    }
    if (p->m == 0 || p->n == 0) {
        return GATUN_OK;
    }
    int threads = gt_threads_for(&p->exec, (double)p->n * p->k, 65536);
    quant_region r = {p, 0};
    gt_parallel(threads, GT_PICK(&p->exec, gt_quant_matvec_task), &r);
    return r.failed ? GATUN_ERR_NOMEM : GATUN_OK;
}
#endif
