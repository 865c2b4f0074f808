/*
 * rope.c: rotary position embedding, rotate-half form (Llama, GPT-NeoX; HF's apply_rotary_pos_emb).
 * For each row x (B, H, T, D) at position pos = positions[b][t] and i < R/2 (R = 2 * table_cols):
 *   out[i]       = x[i] cos[pos][i] - x[i + R/2] sin[pos][i]
 *   out[i + R/2] = x[i + R/2] cos[pos][i] + x[i] sin[pos][i]
 * and out[R..D) = x[R..D) (partial rotary, as GPT-NeoX's rotary_pct). Positions are checked on the Java
 * side to lie in [0, table_rows). Compiled twice; (b, h) pairs are split among threads.
 */
#include "internal.h"

static void GT_ISA(rope_row)(const gatun_rope_params *p, const float *x, float *out, const float *c, const float *s) {
    int64_t half = p->table_cols, xs = p->x_strides[3], os = p->out_strides[3];
    int64_t cs = p->cos_strides[1], ss = p->sin_strides[1];
    if (xs == 1 && os == 1 && cs == 1 && ss == 1 && x != out) {
        const float *x1 = x, *x2 = x + half;
        float *o1 = out, *o2 = out + half;
#pragma omp simd
        for (int64_t i = 0; i < half; i++) {
            float a = x1[i], b = x2[i];
            o1[i] = a * c[i] - b * s[i];
            o2[i] = b * c[i] + a * s[i];
        }
        for (int64_t i = 2 * half; i < p->d; i++) {
            out[i] = x[i];
        }
        return;
    }
    /* general strides; also in place (out == x): each pair is read before it is written */
    for (int64_t i = 0; i < half; i++) {
        float a = x[i * xs], b = x[(i + half) * xs];
        float ci = c[i * cs], si = s[i * ss];
        out[i * os] = a * ci - b * si;
        out[(i + half) * os] = b * ci + a * si;
    }
    for (int64_t i = 2 * half; i < p->d; i++) {
        out[i * os] = x[i * xs];
    }
}

void GT_ISA(gt_rope_task)(void *ctx, int tid, int nthreads) {
    const gatun_rope_params *p = ctx;
    int64_t t0, t1;
    gt_split((int64_t)p->batch * p->heads, 1, tid, nthreads, &t0, &t1);
    for (int64_t bh = t0; bh < t1; bh++) {
        int64_t b = bh / p->heads, h = bh % p->heads;
        for (int64_t t = 0; t < p->tokens; t++) {
            int64_t pos = p->positions[b * p->position_strides[0] + t * p->position_strides[1]];
            const float *x = p->x + b * p->x_strides[0] + h * p->x_strides[1] + t * p->x_strides[2];
            float *out = p->out + b * p->out_strides[0] + h * p->out_strides[1] + t * p->out_strides[2];
            GT_ISA(rope_row)(p, x, out, p->cos + pos * p->cos_strides[0], p->sin + pos * p->sin_strides[0]);
        }
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_rope_task);

int32_t gatun_rope(const gatun_rope_params *p) {
    if (p->exec.threads < 1 || p->batch < 0 || p->heads < 0 || p->tokens < 0 || p->table_cols < 0
        || 2 * (int64_t)p->table_cols > p->d) {
        return GATUN_ERR_ARG;
    }
    if (p->batch == 0 || p->heads == 0 || p->tokens == 0 || p->d == 0) {
        return GATUN_OK;
    }
    double work = (double)p->batch * p->heads * p->tokens * p->d;
    int threads = gt_threads_for(&p->exec, work, 16384);
    gt_parallel(threads, GT_PICK(&p->exec, gt_rope_task), (void *)p);
    return GATUN_OK;
}
#endif
