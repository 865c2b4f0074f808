/*
 * sgemm_avx2.c: the AVX2 + FMA + F16C pieces of the matrix product (compiled with -mavx2 -mfma -mf16c,
 * called only when the CPU has them): the 6 x 16 micro-kernel, packing with 8 x 8 register transposes
 * for the layouts transformers use (row-major A; B row-major or the transposed (n, k) weight of a
 * Linear), and the matrix-vector kernels. Narrow B (F16, BF16) is widened in registers as it is read.
 */
#include <immintrin.h>

#include "sgemm.h"

#define GT_INLINE static inline __attribute__((always_inline))

/* Eight consecutive elements of type `type` at p, widened to F32. */
GT_INLINE __m256 load8(const void *p, int type) {
    if (type == GATUN_F32) {
        return _mm256_loadu_ps((const float *)p);
    }
    __m128i h = _mm_loadu_si128((const __m128i *)p);
    if (type == GATUN_F16) {
        return _mm256_cvtph_ps(h);
    }
    return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

GT_INLINE const void *offset_elems(const void *p, int type, int64_t i) {
    return (const char *)p + i * (type == GATUN_F32 ? 4 : 2);
}

/* r[q] becomes column q of the 8 x 8 matrix whose rows were r[0..7]. */
GT_INLINE void transpose8(__m256 r[8]) {
    __m256 t0 = _mm256_unpacklo_ps(r[0], r[1]), t1 = _mm256_unpackhi_ps(r[0], r[1]);
    __m256 t2 = _mm256_unpacklo_ps(r[2], r[3]), t3 = _mm256_unpackhi_ps(r[2], r[3]);
    __m256 t4 = _mm256_unpacklo_ps(r[4], r[5]), t5 = _mm256_unpackhi_ps(r[4], r[5]);
    __m256 t6 = _mm256_unpacklo_ps(r[6], r[7]), t7 = _mm256_unpackhi_ps(r[6], r[7]);
    __m256 s0 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s1 = _mm256_shuffle_ps(t0, t2, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s2 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s3 = _mm256_shuffle_ps(t1, t3, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s4 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s5 = _mm256_shuffle_ps(t4, t6, _MM_SHUFFLE(3, 2, 3, 2));
    __m256 s6 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(1, 0, 1, 0));
    __m256 s7 = _mm256_shuffle_ps(t5, t7, _MM_SHUFFLE(3, 2, 3, 2));
    r[0] = _mm256_permute2f128_ps(s0, s4, 0x20);
    r[1] = _mm256_permute2f128_ps(s1, s5, 0x20);
    r[2] = _mm256_permute2f128_ps(s2, s6, 0x20);
    r[3] = _mm256_permute2f128_ps(s3, s7, 0x20);
    r[4] = _mm256_permute2f128_ps(s0, s4, 0x31);
    r[5] = _mm256_permute2f128_ps(s1, s5, 0x31);
    r[6] = _mm256_permute2f128_ps(s2, s6, 0x31);
    r[7] = _mm256_permute2f128_ps(s3, s7, 0x31);
}

/* (sum a, sum b, sum c, sum d) */
GT_INLINE __m128 hsum4(__m256 a, __m256 b, __m256 c, __m256 d) {
    __m256 ab = _mm256_hadd_ps(a, b);
    __m256 cd = _mm256_hadd_ps(c, d);
    __m256 abcd = _mm256_hadd_ps(ab, cd);
    return _mm_add_ps(_mm256_castps256_ps128(abcd), _mm256_extractf128_ps(abcd, 1));
}

GT_INLINE float hsum(__m256 a) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(a), _mm256_extractf128_ps(a, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* ------------------------------------------------------------------ micro-kernel */

static void kernel_avx2(int64_t kc, const float *a, const float *b, float *c, int64_t ldc, int overwrite) {
    __m256 c00 = _mm256_setzero_ps(), c01 = _mm256_setzero_ps();
    __m256 c10 = _mm256_setzero_ps(), c11 = _mm256_setzero_ps();
    __m256 c20 = _mm256_setzero_ps(), c21 = _mm256_setzero_ps();
    __m256 c30 = _mm256_setzero_ps(), c31 = _mm256_setzero_ps();
    __m256 c40 = _mm256_setzero_ps(), c41 = _mm256_setzero_ps();
    __m256 c50 = _mm256_setzero_ps(), c51 = _mm256_setzero_ps();
    for (int i = 0; i < GT_MR; i++) {
        _mm_prefetch((const char *)(c + i * ldc), _MM_HINT_T0);
        _mm_prefetch((const char *)(c + i * ldc + 15), _MM_HINT_T0);
    }
#pragma GCC unroll 4
    for (int64_t p = 0; p < kc; p++) {
        __m256 b0 = _mm256_load_ps(b);
        __m256 b1 = _mm256_load_ps(b + 8);
        _mm_prefetch((const char *)(b + 128), _MM_HINT_T0);
        __m256 a0 = _mm256_broadcast_ss(a);
        __m256 a1 = _mm256_broadcast_ss(a + 1);
        c00 = _mm256_fmadd_ps(a0, b0, c00);
        c01 = _mm256_fmadd_ps(a0, b1, c01);
        c10 = _mm256_fmadd_ps(a1, b0, c10);
        c11 = _mm256_fmadd_ps(a1, b1, c11);
        a0 = _mm256_broadcast_ss(a + 2);
        a1 = _mm256_broadcast_ss(a + 3);
        c20 = _mm256_fmadd_ps(a0, b0, c20);
        c21 = _mm256_fmadd_ps(a0, b1, c21);
        c30 = _mm256_fmadd_ps(a1, b0, c30);
        c31 = _mm256_fmadd_ps(a1, b1, c31);
        a0 = _mm256_broadcast_ss(a + 4);
        a1 = _mm256_broadcast_ss(a + 5);
        c40 = _mm256_fmadd_ps(a0, b0, c40);
        c41 = _mm256_fmadd_ps(a0, b1, c41);
        c50 = _mm256_fmadd_ps(a1, b0, c50);
        c51 = _mm256_fmadd_ps(a1, b1, c51);
        a += GT_MR;
        b += GT_NR;
    }
#define GT_STORE_ROW(i, x0, x1)                                                         \
    do {                                                                                \
        float *ci = c + (i) * ldc;                                                      \
        if (overwrite) {                                                                \
            _mm256_storeu_ps(ci, x0);                                                   \
            _mm256_storeu_ps(ci + 8, x1);                                               \
        } else {                                                                        \
            _mm256_storeu_ps(ci, _mm256_add_ps(_mm256_loadu_ps(ci), x0));               \
            _mm256_storeu_ps(ci + 8, _mm256_add_ps(_mm256_loadu_ps(ci + 8), x1));       \
        }                                                                               \
    } while (0)
    GT_STORE_ROW(0, c00, c01);
    GT_STORE_ROW(1, c10, c11);
    GT_STORE_ROW(2, c20, c21);
    GT_STORE_ROW(3, c30, c31);
    GT_STORE_ROW(4, c40, c41);
    GT_STORE_ROW(5, c50, c51);
#undef GT_STORE_ROW
}

/* ------------------------------------------------------------------ packing */

/* A row-major F32 (unit column stride): 8 x 8 transposes of 6 rows (2 dummies); each 8-wide store
 * of 6 useful values is overwritten in its last 2 by the next (the buffer has room for the overrun). */
static void pack_a_avx2(const gt_view *a, int64_t i0, int mc, int64_t p0, int kc, float *dst) {
    if (a->type != GATUN_F32 || a->cs != 1) {
        gt_pack_a_generic(a, i0, mc, p0, kc, dst);
        return;
    }
    const float *base = a->p;
    int ir = 0;
    for (; ir + GT_MR <= mc; ir += GT_MR) {
        const float *rows[GT_MR];
        for (int i = 0; i < GT_MR; i++) {
            rows[i] = base + (i0 + ir + i) * a->rs + p0;
        }
        int p = 0;
        for (; p + 8 <= kc; p += 8) {
            __m256 r[8];
            for (int i = 0; i < GT_MR; i++) {
                r[i] = _mm256_loadu_ps(rows[i] + p);
            }
            r[6] = r[7] = _mm256_setzero_ps();
            transpose8(r);
            for (int q = 0; q < 8; q++) {
                _mm256_storeu_ps(dst + (p + q) * GT_MR, r[q]);
            }
        }
        for (; p < kc; p++) {
            for (int i = 0; i < GT_MR; i++) {
                dst[p * GT_MR + i] = rows[i][p];
            }
        }
        dst += (int64_t)GT_MR * kc;
    }
    if (ir < mc) {
        gt_pack_a_generic(a, i0 + ir, mc - ir, p0, kc, dst);
    }
}

GT_INLINE void pack_b_rows(const gt_view *b, int64_t p0, int kc, int64_t j0, float *dst, int type) {
    for (int p = 0; p < kc; p++) {
        const void *src = gt_view_at(b, p0 + p, j0);
        _mm256_store_ps(dst + p * GT_NR, load8(src, type));
        _mm256_store_ps(dst + p * GT_NR + 8, load8(offset_elems(src, type, 8), type));
    }
}

/* B[p][j] = W[j][p] with W's rows contiguous: 8 x 8 transposes of 8 rows of W at a time. */
GT_INLINE void pack_b_transposed(const gt_view *b, int64_t p0, int kc, int64_t j0, float *dst, int type) {
    const void *w[GT_NR];
    for (int j = 0; j < GT_NR; j++) {
        w[j] = gt_view_at(b, p0, j0 + j);
    }
    int p = 0;
    for (; p + 8 <= kc; p += 8) {
        for (int h = 0; h < 2; h++) {
            __m256 r[8];
            for (int j = 0; j < 8; j++) {
                r[j] = load8(offset_elems(w[h * 8 + j], type, p), type);
            }
            transpose8(r);
            for (int q = 0; q < 8; q++) {
                _mm256_store_ps(dst + (p + q) * GT_NR + h * 8, r[q]);
            }
        }
    }
    for (; p < kc; p++) {
        for (int j = 0; j < GT_NR; j++) {
            dst[p * GT_NR + j] = gt_load_elem(w[j], type, p);
        }
    }
}

static void pack_b_panel_avx2(const gt_view *b, int64_t p0, int kc, int64_t j0, int nr, float *dst) {
    if (nr == GT_NR && b->cs == 1) {
        switch (b->type) {
        case GATUN_F16: pack_b_rows(b, p0, kc, j0, dst, GATUN_F16); return;
        case GATUN_BF16: pack_b_rows(b, p0, kc, j0, dst, GATUN_BF16); return;
        default: pack_b_rows(b, p0, kc, j0, dst, GATUN_F32); return;
        }
    }
    if (nr == GT_NR && b->rs == 1) {
        switch (b->type) {
        case GATUN_F16: pack_b_transposed(b, p0, kc, j0, dst, GATUN_F16); return;
        case GATUN_BF16: pack_b_transposed(b, p0, kc, j0, dst, GATUN_BF16); return;
        default: pack_b_transposed(b, p0, kc, j0, dst, GATUN_F32); return;
        }
    }
    gt_pack_b_panel_generic(b, p0, kc, j0, nr, dst);
}

/* ------------------------------------------------------------------ matrix-vector */

/*
 * C rows [0, m) x columns [j0, j1) with B's rows contiguous: for chunks of GT_GEMV_JC columns, the
 * partial sums stay in L1 while four rows of B at a time stream through (long contiguous reads that
 * the hardware prefetcher follows).
 */
#define GT_GEMV_JC 1024

GT_INLINE void gemv_n_typed(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0,
                            int64_t j1, float *c, int64_t ldc, int overwrite, int type) {
    float y[GT_GEMV_MAX_M][GT_GEMV_JC] __attribute__((aligned(64)));
    int64_t step = b->rs * (type == GATUN_F32 ? 4 : 2);
    for (int64_t js = j0; js < j1; js += GT_GEMV_JC) {
        int nj = j1 - js < GT_GEMV_JC ? (int)(j1 - js) : GT_GEMV_JC;
        int nv = nj & ~7;
        for (int i = 0; i < m; i++) {
            memset(y[i], 0, (size_t)nj * sizeof(float));
        }
        const char *row = gt_view_at(b, 0, js);
        int64_t p = 0;
        for (; p + 4 <= k; p += 4, row += 4 * step) {
            const char *r0 = row, *r1 = row + step, *r2 = row + 2 * step, *r3 = row + 3 * step;
            for (int i = 0; i < m; i++) {
                const float *xi = x + i * ldx + p;
                __m256 x0 = _mm256_broadcast_ss(xi), x1 = _mm256_broadcast_ss(xi + 1);
                __m256 x2 = _mm256_broadcast_ss(xi + 2), x3 = _mm256_broadcast_ss(xi + 3);
                float *yi = y[i];
                for (int j = 0; j < nv; j += 8) {
                    __m256 acc = _mm256_load_ps(yi + j);
                    acc = _mm256_fmadd_ps(x0, load8(offset_elems(r0, type, j), type), acc);
                    acc = _mm256_fmadd_ps(x1, load8(offset_elems(r1, type, j), type), acc);
                    acc = _mm256_fmadd_ps(x2, load8(offset_elems(r2, type, j), type), acc);
                    acc = _mm256_fmadd_ps(x3, load8(offset_elems(r3, type, j), type), acc);
                    _mm256_store_ps(yi + j, acc);
                }
                for (int j = nv; j < nj; j++) {
                    yi[j] += xi[0] * gt_load_elem(r0, type, j) + xi[1] * gt_load_elem(r1, type, j)
                           + xi[2] * gt_load_elem(r2, type, j) + xi[3] * gt_load_elem(r3, type, j);
                }
            }
        }
        for (; p < k; p++, row += step) {
            for (int i = 0; i < m; i++) {
                __m256 x0 = _mm256_broadcast_ss(x + i * ldx + p);
                float *yi = y[i];
                for (int j = 0; j < nv; j += 8) {
                    _mm256_store_ps(yi + j, _mm256_fmadd_ps(x0, load8(offset_elems(row, type, j), type),
                                                            _mm256_load_ps(yi + j)));
                }
                for (int j = nv; j < nj; j++) {
                    yi[j] += x[i * ldx + p] * gt_load_elem(row, type, j);
                }
            }
        }
        for (int i = 0; i < m; i++) {
            float *ci = c + i * ldc + js;
            for (int j = 0; j < nj; j++) {
                ci[j] = overwrite ? y[i][j] : ci[j] + y[i][j];
            }
        }
    }
}

static void gemv_n_avx2(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0, int64_t j1,
                        float *c, int64_t ldc, int overwrite) {
    switch (b->type) {
    case GATUN_F16: gemv_n_typed(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F16); break;
    case GATUN_BF16: gemv_n_typed(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_BF16); break;
    default: gemv_n_typed(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F32); break;
    }
}

/* Dot products of R rows of X with 4 rows of W (columns j..j+3 of B = W^T). */
GT_INLINE void gemv_t_block4(int R, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j, float *c,
                             int64_t ldc, int overwrite, int type) {
    __m256 acc[2][4];
    for (int i = 0; i < R; i++) {
        for (int q = 0; q < 4; q++) {
            acc[i][q] = _mm256_setzero_ps();
        }
    }
    const void *w[4];
    for (int q = 0; q < 4; q++) {
        w[q] = gt_view_at(b, 0, j + q);
    }
    int64_t p = 0;
    for (; p + 8 <= k; p += 8) {
        __m256 wv[4];
        for (int q = 0; q < 4; q++) {
            wv[q] = load8(offset_elems(w[q], type, p), type);
        }
        for (int i = 0; i < R; i++) {
            __m256 xi = _mm256_loadu_ps(x + i * ldx + p);
            for (int q = 0; q < 4; q++) {
                acc[i][q] = _mm256_fmadd_ps(xi, wv[q], acc[i][q]);
            }
        }
    }
    for (int i = 0; i < R; i++) {
        float s[4];
        _mm_storeu_ps(s, hsum4(acc[i][0], acc[i][1], acc[i][2], acc[i][3]));
        for (int64_t t = p; t < k; t++) {
            float xt = x[i * ldx + t];
            for (int q = 0; q < 4; q++) {
                s[q] += xt * gt_load_elem(w[q], type, t);
            }
        }
        float *ci = c + i * ldc + j;
        for (int q = 0; q < 4; q++) {
            ci[q] = overwrite ? s[q] : ci[q] + s[q];
        }
    }
}

GT_INLINE void gemv_t_typed(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0,
                            int64_t j1, float *c, int64_t ldc, int overwrite, int type) {
    int64_t j = j0;
    for (; j + 4 <= j1; j += 4) {
        int i = 0;
        for (; i + 2 <= m; i += 2) {
            gemv_t_block4(2, k, x + i * ldx, ldx, b, j, c + i * ldc, ldc, overwrite, type);
        }
        if (i < m) {
            gemv_t_block4(1, k, x + i * ldx, ldx, b, j, c + i * ldc, ldc, overwrite, type);
        }
    }
    for (; j < j1; j++) {
        const void *w = gt_view_at(b, 0, j);
        for (int i = 0; i < m; i++) {
            __m256 acc = _mm256_setzero_ps();
            int64_t p = 0;
            for (; p + 8 <= k; p += 8) {
                acc = _mm256_fmadd_ps(_mm256_loadu_ps(x + i * ldx + p), load8(offset_elems(w, type, p), type), acc);
            }
            float s = hsum(acc);
            for (; p < k; p++) {
                s += x[i * ldx + p] * gt_load_elem(w, type, p);
            }
            float *cij = c + i * ldc + j;
            *cij = overwrite ? s : *cij + s;
        }
    }
}

static void gemv_t_avx2(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0, int64_t j1,
                        float *c, int64_t ldc, int overwrite) {
    switch (b->type) {
    case GATUN_F16: gemv_t_typed(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F16); break;
    case GATUN_BF16: gemv_t_typed(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_BF16); break;
    default: gemv_t_typed(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F32); break;
    }
}

const gt_sgemm_isa gt_sgemm_avx2 = {
    pack_a_avx2, pack_b_panel_avx2, kernel_avx2, gemv_n_avx2, gemv_t_avx2,
};
