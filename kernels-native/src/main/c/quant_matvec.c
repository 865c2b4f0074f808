/*
 * quant_matvec.c: out (m, n) = x (m, k) . W^T for a weight W (n, k) stored row by row in ggml's
 * block formats (ggml-common.h), 32 weights per block:
 *   Q8_0: fp16 scale d, then 32 int8 q;                       w = d * q
 *   Q4_0: fp16 scale d, then 16 bytes; byte j holds weights j (low nibble) and j + 16 (high nibble),
 *         each stored with an offset of 8;                     w = d * (nibble - 8)
 * Weights are widened to F32 block by block, in registers; x stays F32 (no activation quantization),
 * so results match the dequantized product to F32 rounding. Compiled twice: the AVX2 pass widens codes
 * with intrinsics, the portable pass keeps 32 per-position sums; rows of W are split among threads.
 */
#include "internal.h"

#ifdef GT_AVX2
#include <immintrin.h>
#endif

#define GT_QK 32

/*
 * acc[i] += d * w[i] * x[i] over one block, for the 32 positions of a block: the per-position
 * accumulators (four vectors under AVX2) are summed only once per row, not once per block.
 */
static inline void acc_q8_0(const uint8_t *blk, float d, const float *x, float *acc) {
    const int8_t *q = (const int8_t *)(blk + 2);
#pragma omp simd
    for (int i = 0; i < GT_QK; i++) {
        acc[i] += d * (float)q[i] * x[i];
    }
}

static inline void acc_q4_0(const uint8_t *blk, float d, const float *x, float *acc) {
    const uint8_t *q = blk + 2;
#pragma omp simd
    for (int i = 0; i < GT_QK / 2; i++) {
        acc[i] += d * (float)((int)(q[i] & 0x0F) - 8) * x[i];
        acc[i + GT_QK / 2] += d * (float)((int)(q[i] >> 4) - 8) * x[i + GT_QK / 2];
    }
}

static inline float block_scale(const uint8_t *blk) {
    uint16_t h;
    memcpy(&h, blk, 2);
#ifdef GT_AVX2
    return _cvtsh_ss(h);
#else
    return gt_f16_to_float(h);
#endif
}

static inline float sum32(const float *acc) {
    float s = 0.0f;
#pragma omp simd reduction(+ : s)
    for (int i = 0; i < GT_QK; i++) {
        s += acc[i];
    }
    return s;
}

#ifdef GT_AVX2
/* Eight int8 codes widened to floats. */
static inline __m256 widen8(__m128i codes) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(codes));
}

/* sum over a block of code[i] * x[i], codes 0..15 in c0 and 16..31 in c1 (signed bytes) */
static inline __m256 block_dot(__m128i c0, __m128i c1, const float *x) {
    __m256 t = _mm256_mul_ps(widen8(c0), _mm256_loadu_ps(x));
    t = _mm256_fmadd_ps(widen8(_mm_srli_si128(c0, 8)), _mm256_loadu_ps(x + 8), t);
    t = _mm256_fmadd_ps(widen8(c1), _mm256_loadu_ps(x + 16), t);
    return _mm256_fmadd_ps(widen8(_mm_srli_si128(c1, 8)), _mm256_loadu_ps(x + 24), t);
}

static inline float hsum8(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* One row of W against x: each block's dot product scaled by its d, two accumulators in turn. */
static float row_dot(int format, const uint8_t *row, int64_t blocks, int64_t block_bytes, const float *x) {
    __m256 acc[2] = {_mm256_setzero_ps(), _mm256_setzero_ps()};
    const __m128i low = _mm_set1_epi8(0x0F), eight = _mm_set1_epi8(8);
    for (int64_t bk = 0; bk < blocks; bk++) {
        const uint8_t *blk = row + bk * block_bytes;
        __m128i c0, c1;
        if (format == GATUN_Q8_0) {
            c0 = _mm_loadu_si128((const __m128i *)(blk + 2));
            c1 = _mm_loadu_si128((const __m128i *)(blk + 18));
        } else {
            __m128i raw = _mm_loadu_si128((const __m128i *)(blk + 2));
            c0 = _mm_sub_epi8(_mm_and_si128(raw, low), eight);
            c1 = _mm_sub_epi8(_mm_and_si128(_mm_srli_epi16(raw, 4), low), eight);
        }
        __m256 d = _mm256_set1_ps(block_scale(blk));
        acc[bk & 1] = _mm256_fmadd_ps(d, block_dot(c0, c1, x + bk * GT_QK), acc[bk & 1]);
    }
    return hsum8(_mm256_add_ps(acc[0], acc[1]));
}
#else
static float row_dot(int format, const uint8_t *row, int64_t blocks, int64_t block_bytes, const float *x) {
    float acc[GT_QK] = {0};
    for (int64_t bk = 0; bk < blocks; bk++) {
        const uint8_t *blk = row + bk * block_bytes;
        if (format == GATUN_Q8_0) {
            acc_q8_0(blk, block_scale(blk), x + bk * GT_QK, acc);
        } else {
            acc_q4_0(blk, block_scale(blk), x + bk * GT_QK, acc);
        }
    }
    return sum32(acc);
}
#endif

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
            p->out[i * p->out_row_stride + j * p->out_col_stride] = row_dot(p->format, row, blocks, block_bytes,
                                                                             x + i * ldx);
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
