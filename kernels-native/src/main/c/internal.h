/*
 * internal.h: what the kernels share and the ABI does not show.
 *   - gt_parallel: the library's own small pthread pool (no OpenMP runtime needed);
 *   - gt_workspace: per-thread, 64-byte aligned scratch that grows and is reused between calls;
 *   - gt_use_avx2: run-time instruction-set choice (__builtin_cpu_supports);
 *   - half-float conversions and branch-free exp/erf/tanh/log approximations that vectorise.
 */
#ifndef GATUN_INTERNAL_H
#define GATUN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gatun.h"

/* ------------------------------------------------------------------ threads */

/* The body of a parallel region: thread tid of nthreads (0 is the caller). */
typedef void (*gt_task_fn)(void *ctx, int tid, int nthreads);

/*
 * Runs fn on `nthreads` threads (the caller plus pool workers) and returns when all are done. When
 * the pool is busy (another caller, or a nested call) the region runs on the caller alone, with
 * nthreads = 1, so a region must be correct for any thread count it is given.
 */
void gt_parallel(int nthreads, gt_task_fn fn, void *ctx);

/* [start, end) of `n` items for thread tid of nthreads, in contiguous chunks of `align` items. */
static inline void gt_split(int64_t n, int64_t align, int tid, int nthreads, int64_t *start, int64_t *end) {
    int64_t units = (n + align - 1) / align;
    int64_t per = units / nthreads, rem = units % nthreads;
    int64_t s = tid * per + (tid < rem ? tid : rem);
    int64_t e = s + per + (tid < rem ? 1 : 0);
    s *= align;
    e *= align;
    *start = s < n ? s : n;
    *end = e < n ? e : n;
}

/* ------------------------------------------------------------------ scratch */

#define GT_WS_PACK_A 0
#define GT_WS_PACK_B 1
#define GT_WS_SCRATCH 2
#define GT_WS_SLOTS 3

/* This thread's scratch buffer `slot`, at least `bytes` long (64-byte aligned), or NULL. */
void *gt_workspace(int slot, size_t bytes);

/* ------------------------------------------------------------------ instruction set */

int gt_cpu_has_avx2(void);

static inline int gt_use_avx2(const gatun_exec *e) {
    return e->isa == GATUN_ISA_BEST && gt_cpu_has_avx2();
}

/*
 * Kernels compiled twice (portable, and with -DGT_AVX2 -mavx2 -mfma -mf16c) define their parallel
 * region as GT_ISA(name), i.e. name_generic and name_avx2. The exported entry point is compiled only
 * in the portable pass (#ifndef GT_AVX2) and picks a variant with GT_PICK.
 */
#ifdef GT_AVX2
#define GT_ISA(name) name##_avx2
#else
#define GT_ISA(name) name##_generic
#endif

#define GT_DECLARE_TASK(name)                                                                      \
    void name##_generic(void *ctx, int tid, int nthreads);                                        \
    void name##_avx2(void *ctx, int tid, int nthreads)

#if defined(__x86_64__)
#define GT_PICK(exec, name) (gt_use_avx2(exec) ? name##_avx2 : name##_generic)
#else
#define GT_PICK(exec, name) (name##_generic)
#endif

/* Threads worth waking for `work` units when one thread should get at least `grain` of them. */
static inline int gt_threads_for(const gatun_exec *e, double work, double grain) {
    double t = work / grain;
    if (t < 1) {
        return 1;
    }
    return t < e->threads ? (int)t : e->threads;
}

/* [start, end) of the rows of thread tid. */
static inline void gt_rows_of(int64_t rows, int tid, int nthreads, int64_t *start, int64_t *end) {
    gt_split(rows, 1, tid, nthreads, start, end);
}

/* ------------------------------------------------------------------ conversions */

static inline float gt_bits_to_float(uint32_t u) {
    float f;
    memcpy(&f, &u, 4);
    return f;
}

static inline uint32_t gt_float_to_bits(float f) {
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}

static inline float gt_bf16_to_float(uint16_t h) {
    return gt_bits_to_float((uint32_t)h << 16);
}

/* IEEE half to float, exact for all inputs (subnormals, infinities, NaN). */
static inline float gt_f16_to_float(uint16_t h) {
    uint32_t sign = (uint32_t)(h & 0x8000) << 16;
    uint32_t exp = (h >> 10) & 0x1F;
    uint32_t man = h & 0x3FF;
    if (exp == 0x1F) {
        return gt_bits_to_float(sign | 0x7F800000u | (man << 13));
    }
    if (exp == 0) {
        /* zero or subnormal: man * 2^-24 */
        float v = (float)man * (1.0f / 16777216.0f);
        return sign ? -v : v;
    }
    return gt_bits_to_float(sign | ((exp + 112) << 23) | (man << 13));
}

/* Element `i` of a vector of type GATUN_F32 / F16 / BF16 at p, as a float. */
static inline float gt_load_elem(const void *p, int type, int64_t i) {
    switch (type) {
    case GATUN_F16:
        return gt_f16_to_float(((const uint16_t *)p)[i]);
    case GATUN_BF16:
        return gt_bf16_to_float(((const uint16_t *)p)[i]);
    default:
        return ((const float *)p)[i];
    }
}

static inline int gt_type_size(int type) {
    return type == GATUN_F32 ? 4 : 2;
}

/* ------------------------------------------------------------------ math */

/*
 * exp(x) for float, within ~2 ulp on [-87.3, 88.7], 0 below and +inf above: Cody-Waite range
 * reduction x = n ln2 + r, a degree-6 polynomial for exp(r), and 2^n put into the exponent bits.
 * Branch-free so loops over it vectorise.
 */
static inline float gt_expf(float x) {
    const float hi = 88.72283f, lo = -87.33654f;
    float xc = x > hi ? hi : (x < lo ? lo : x);
    /* round to nearest without a libm call: adding 1.5 * 2^23 leaves no fraction bits */
    float n = (xc * 1.44269504088896341f + 12582912.0f) - 12582912.0f;
    float r = xc - n * 0.693145751953125f;
    r = r - n * 1.428606765330187045e-06f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    int32_t ni = (int32_t)n;
    /* 2^n may overflow the exponent at n = 128; scale in two steps. */
    int32_t n1 = ni >> 1, n2 = ni - n1;
    float s1 = gt_bits_to_float((uint32_t)(n1 + 127) << 23);
    float s2 = gt_bits_to_float((uint32_t)(n2 + 127) << 23);
    float y = p * s1 * s2;
    y = x > hi ? __builtin_inff() : y;
    return x < lo ? 0.0f : y;
}

/* log(x) for float x > 0 (finite), within ~2 ulp: x = m 2^e with m in [sqrt(1/2), sqrt 2). */
static inline float gt_logf(float x) {
    uint32_t u = gt_float_to_bits(x);
    int32_t e = (int32_t)((u >> 23) & 0xFF) - 127;
    float m = gt_bits_to_float((u & 0x007FFFFFu) | 0x3F800000u); /* [1, 2) */
    int big = m > 1.41421356f;
    m = big ? m * 0.5f : m;
    e = big ? e + 1 : e;
    float f = m - 1.0f;
    float s = f / (2.0f + f);
    float s2 = s * s;
    float w = s2 * s2;
    float t1 = w * (0.40000972152f + w * 0.24279078841f);
    float t2 = s2 * (0.66666662693f + w * 0.28498786688f);
    float hfsq = 0.5f * f * f;
    float r = t1 + t2;
    return (float)e * 0.693147180559945f + (f - (hfsq - s * (hfsq + r)));
}

/* softplus(x) = log(1 + exp(x)) = max(x, 0) + log(1 + exp(-|x|)). */
static inline float gt_softplusf(float x) {
    float ax = x < 0 ? -x : x;
    float t = gt_expf(-ax); /* (0, 1] */
    /* log(1 + t) for t in (0, 1]: log1p through gt_logf loses bits only where t is tiny; correct that. */
    float l = t < 1e-4f ? t - 0.5f * t * t : gt_logf(1.0f + t);
    return (x > 0 ? x : 0.0f) + l;
}

/* tanh(x) = 1 - 2 / (exp(2x) + 1), with the odd-polynomial form near 0 to keep relative accuracy. */
static inline float gt_tanhf(float x) {
    float ax = x < 0 ? -x : x;
    float e = gt_expf(2.0f * ax);
    float big = 1.0f - 2.0f / (e + 1.0f);
    float x2 = x * x;
    float small = ax * (1.0f + x2 * (-0.333333333f + x2 * (0.133333333f + x2 * (-0.053968254f))));
    float t = ax < 0.0625f ? small : big;
    return x < 0 ? -t : t;
}

/* erf(x) within ~1e-7 absolute: Abramowitz and Stegun 7.1.26 is too coarse, so this is
 * erf = 1 - t exp(-x^2 + P(t)) with t = 1 / (1 + |x|/2) (Numerical Recipes' erfc, 1.2e-7 relative). */
static inline float gt_erff(float x) {
    float z = x < 0 ? -x : x;
    float t = 1.0f / (1.0f + 0.5f * z);
    float p = -1.26551223f + t * (1.00002368f + t * (0.37409196f + t * (0.09678418f +
              t * (-0.18628806f + t * (0.27886807f + t * (-1.13520398f + t * (1.48851587f +
              t * (-0.82215223f + t * 0.17087277f))))))));
    float erfc = t * gt_expf(-z * z + p);
    float r = 1.0f - erfc;
    return x < 0 ? -r : r;
}

static inline float gt_sigmoidf(float x) {
    return 1.0f / (1.0f + gt_expf(-x));
}

#endif
