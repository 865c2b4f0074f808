/*
 * flash_attention.c: scaled-dot-product attention without the T x T score matrix (Dao et al.,
 * FlashAttention, 2022, Algorithm 1 on a CPU): for a block of GT_BQ queries, tiles of GT_BK keys and
 * values are visited once each; per query row the running maximum m, normaliser l and output
 * accumulator o are rescaled as each tile's scores arrive (online softmax):
 *   s = (q * scale) k^T,  m' = max(m, max s),  p = exp(s - m'),
 *   l' = l exp(m - m') + sum p,  o' = o exp(m - m') + p v,  and finally out = o / l.
 * Masks (gatun.h): causal and window bound the range of tiles visited; key padding and block-sparse
 * masks skip whole tiles when they are fully masked and mask single scores otherwise. Rows that can
 * attend to no key get zeros. (batch, head, query block) tasks are dealt to threads round-robin, so
 * cheap and expensive (causal) blocks mix. Compiled twice (portable / AVX2).
 */
#include <math.h>

#include "internal.h"

#define GT_BQ 32
#define GT_BK 64

typedef struct attention_region {
    const gatun_attention_params *p;
    int failed;
} attention_region;

typedef struct attention_scratch {
    float *q;    /* (BQ, D), pre-scaled */
    float *kt;   /* (D, BK): the key tile transposed */
    float *v;    /* (BK, Dv) */
    float *o;    /* (BQ, Dv) */
    float *m, *l;   /* (BQ) */
    float *s;    /* (BK) */
    uint8_t *key_ok; /* (BK) */
} attention_scratch;

static size_t scratch_floats(const gatun_attention_params *p) {
    return (size_t)GT_BQ * p->d + (size_t)p->d * GT_BK + (size_t)GT_BK * p->dv + (size_t)GT_BQ * p->dv + 2 * GT_BQ
           + 2 * GT_BK + 64;
}

/* Whether any block-mask entry for query rows [q0, q1) x keys [k0, k1) is set. */
static int any_block(const gatun_attention_params *p, int64_t q0, int64_t q1, int64_t k0, int64_t k1) {
    int64_t bs = p->block_size;
    for (int64_t qb = q0 / bs; qb <= (q1 - 1) / bs; qb++) {
        for (int64_t kb = k0 / bs; kb <= (k1 - 1) / bs; kb++) {
            if (p->block_mask[qb * p->block_mask_strides[0] + kb * p->block_mask_strides[1]]) {
                return 1;
            }
        }
    }
    return 0;
}

/* Scores of query row i against the tile, masked to -inf where the row may not attend. */
static void GT_ISA(tile_scores)(const gatun_attention_params *p, const attention_scratch *w, int64_t i, int64_t qi,
                                int64_t k0, int nk, int masked) {
    float *s = w->s;
    const float *q = w->q + i * p->d;
    for (int j = 0; j < GT_BK; j++) {
        s[j] = 0.0f;
    }
    for (int64_t d = 0; d < p->d; d++) {
        float qd = q[d];
        const float *kd = w->kt + d * GT_BK;
#pragma omp simd
        for (int j = 0; j < GT_BK; j++) {
            s[j] += qd * kd[j];
        }
    }
    for (int j = nk; j < GT_BK; j++) {
        s[j] = -INFINITY;
    }
    if (!masked) {
        return;
    }
    int64_t qpos = qi + (int64_t)p->tk - p->tq;
    for (int j = 0; j < nk; j++) {
        int64_t kj = k0 + j;
        int ok = w->key_ok[j];
        ok &= !p->causal || kj <= qpos;
        ok &= p->window <= 0 || (qpos - kj < p->window && kj - qpos < p->window);
        if (p->block_mask) {
            ok &= p->block_mask[(qi / p->block_size) * p->block_mask_strides[0]
                                + (kj / p->block_size) * p->block_mask_strides[1]] != 0;
        }
        s[j] = ok ? s[j] : -INFINITY;
    }
}

/* Folds the tile into row i's running (m, l, o). */
static void GT_ISA(tile_update)(const gatun_attention_params *p, const attention_scratch *w, int64_t i, int nk) {
    float *s = w->s;
    float mx = -INFINITY;
    for (int j = 0; j < GT_BK; j++) {
        mx = s[j] > mx ? s[j] : mx;
    }
    float m_old = w->m[i];
    float m_new = mx > m_old ? mx : m_old;
    if (m_new == -INFINITY) {
        return; /* nothing attended yet */
    }
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int j = 0; j < GT_BK; j++) {
        float e = gt_expf(s[j] - m_new);
        s[j] = e;
        sum += e;
    }
    float corr = gt_expf(m_old - m_new); /* 0 when m_old is -inf */
    w->m[i] = m_new;
    w->l[i] = w->l[i] * corr + sum;
    float *o = w->o + i * p->dv;
    int64_t dv = p->dv;
    if (corr != 1.0f) {
#pragma omp simd
        for (int64_t e = 0; e < dv; e++) {
            o[e] *= corr;
        }
    }
    int j = 0;
    for (; j + 4 <= nk; j += 4) {
        float p0 = s[j], p1 = s[j + 1], p2 = s[j + 2], p3 = s[j + 3];
        const float *v0 = w->v + j * dv, *v1 = v0 + dv, *v2 = v1 + dv, *v3 = v2 + dv;
#pragma omp simd
        for (int64_t e = 0; e < dv; e++) {
            o[e] += p0 * v0[e] + p1 * v1[e] + p2 * v2[e] + p3 * v3[e];
        }
    }
    for (; j < nk; j++) {
        float pj = s[j];
        const float *vj = w->v + j * dv;
#pragma omp simd
        for (int64_t e = 0; e < dv; e++) {
            o[e] += pj * vj[e];
        }
    }
}

/* Loads the key tile transposed and the value tile; returns whether any key of it may be attended. */
static int load_tile(const gatun_attention_params *p, const attention_scratch *w, int64_t b, int64_t hk,
                     int64_t k0, int nk) {
    int any = 0;
    for (int j = 0; j < nk; j++) {
        w->key_ok[j] = p->key_mask ? p->key_mask[b * p->key_mask_strides[0] + (k0 + j) * p->key_mask_strides[1]] != 0 : 1;
        any |= w->key_ok[j];
    }
    if (!any) {
        return 0;
    }
    const float *k = p->k + b * p->k_strides[0] + hk * p->k_strides[1] + k0 * p->k_strides[2];
    for (int64_t d = 0; d < p->d; d++) {
        float *row = w->kt + d * GT_BK;
        for (int j = 0; j < nk; j++) {
            row[j] = k[j * p->k_strides[2] + d * p->k_strides[3]];
        }
        for (int j = nk; j < GT_BK; j++) {
            row[j] = 0.0f;
        }
    }
    const float *v = p->v + b * p->v_strides[0] + hk * p->v_strides[1] + k0 * p->v_strides[2];
    for (int j = 0; j < nk; j++) {
        for (int64_t e = 0; e < p->dv; e++) {
            w->v[j * p->dv + e] = v[j * p->v_strides[2] + e * p->v_strides[3]];
        }
    }
    return 1;
}

static void GT_ISA(query_block)(const gatun_attention_params *p, const attention_scratch *w, int64_t b, int64_t h,
                                int64_t q0, int nq) {
    int64_t hk = h / (p->heads / p->kv_heads);
    const float *q = p->q + b * p->q_strides[0] + h * p->q_strides[1] + q0 * p->q_strides[2];
    for (int i = 0; i < nq; i++) {
        for (int64_t d = 0; d < p->d; d++) {
            w->q[i * p->d + d] = q[i * p->q_strides[2] + d * p->q_strides[3]] * p->scale;
        }
        w->m[i] = -INFINITY;
        w->l[i] = 0.0f;
    }
    memset(w->o, 0, (size_t)nq * p->dv * sizeof(float));
    /* keys that some query of the block may see under the causal and window masks */
    int64_t off = (int64_t)p->tk - p->tq, pos_lo = q0 + off, pos_hi = q0 + nq - 1 + off;
    int64_t k_lo = 0, k_hi = p->tk - 1;
    if (p->causal) {
        k_hi = pos_hi < k_hi ? pos_hi : k_hi;
    }
    if (p->window > 0) {
        k_lo = pos_lo - p->window + 1 > 0 ? pos_lo - p->window + 1 : 0;
        k_hi = pos_hi + p->window - 1 < k_hi ? pos_hi + p->window - 1 : k_hi;
    }
    int masked = p->causal || p->window > 0 || p->key_mask || p->block_mask;
    for (int64_t k0 = k_lo; k0 <= k_hi; k0 += GT_BK) {
        int nk = k_hi + 1 - k0 < GT_BK ? (int)(k_hi + 1 - k0) : GT_BK;
        if (p->block_mask && !any_block(p, q0, q0 + nq, k0, k0 + nk)) {
            continue;
        }
        if (!load_tile(p, w, b, hk, k0, nk)) {
            continue;
        }
        for (int i = 0; i < nq; i++) {
            GT_ISA(tile_scores)(p, w, i, q0 + i, k0, nk, masked);
            GT_ISA(tile_update)(p, w, i, nk);
        }
    }
    float *out = p->out + b * p->out_strides[0] + h * p->out_strides[1] + q0 * p->out_strides[2];
    for (int i = 0; i < nq; i++) {
        float inv = w->l[i] > 0 ? 1.0f / w->l[i] : 0.0f;
        for (int64_t e = 0; e < p->dv; e++) {
            out[i * p->out_strides[2] + e * p->out_strides[3]] = w->o[i * p->dv + e] * inv;
        }
    }
}

void GT_ISA(gt_attention_task)(void *ctx, int tid, int nthreads) {
    attention_region *r = ctx;
    const gatun_attention_params *p = r->p;
    float *ws = gt_workspace(GT_WS_SCRATCH, scratch_floats(p) * sizeof(float));
    if (ws == NULL) {
        __atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
        return;
    }
    attention_scratch w;
    w.q = ws;
    w.kt = w.q + (size_t)GT_BQ * p->d;
    w.v = w.kt + (size_t)p->d * GT_BK;
    w.o = w.v + (size_t)GT_BK * p->dv;
    w.m = w.o + (size_t)GT_BQ * p->dv;
    w.l = w.m + GT_BQ;
    w.s = w.l + GT_BQ;
    w.key_ok = (uint8_t *)(w.s + GT_BK);
    int64_t blocks = (p->tq + GT_BQ - 1) / GT_BQ;
    int64_t tasks = (int64_t)p->batch * p->heads * blocks;
    for (int64_t t = tid; t < tasks; t += nthreads) {
        int64_t qb = t % blocks, bh = t / blocks;
        int64_t q0 = qb * GT_BQ;
        int nq = p->tq - q0 < GT_BQ ? (int)(p->tq - q0) : GT_BQ;
        GT_ISA(query_block)(p, &w, bh / p->heads, bh % p->heads, q0, nq);
    }
}

#ifndef GT_AVX2
GT_DECLARE_TASK(gt_attention_task);

int32_t gatun_attention(const gatun_attention_params *p) {
    if (p->exec.threads < 1 || p->batch < 0 || p->heads < 0 || p->kv_heads < 1 || p->tq < 0 || p->tk < 0
        || p->d < 0 || p->dv < 0 || p->heads % p->kv_heads != 0 || (p->block_mask && p->block_size < 1)) {
        return GATUN_ERR_ARG;
    }
    if (p->batch == 0 || p->heads == 0 || p->tq == 0 || p->dv == 0) {
        return GATUN_OK;
    }
    double work = (double)p->batch * p->heads * p->tq * ((double)p->tk + 1) * (p->d + p->dv + 1);
    int threads = gt_threads_for(&p->exec, work, 65536);
    attention_region r = {p, 0};
    gt_parallel(threads, GT_PICK(&p->exec, gt_attention_task), &r);
    return r.failed ? GATUN_ERR_NOMEM : GATUN_OK;
}
#endif
