/*
 * flash_attention.c: scaled-dot-product attention without the T x T score matrix (Dao et al.,
 * FlashAttention, 2022, Algorithm 1, on a CPU). For a block of GT_BQ queries, tiles of GT_BK keys and
 * values are visited once each; per query row the running maximum m, normaliser l and output
 * accumulator o are rescaled as each tile's scores arrive (online softmax):
 *   s = q k^T * scale,  m' = max(m, max s),  p = exp(s - m'),
 *   l' = l exp(m - m') + sum p,  o' = o exp(m - m') + p v,  and finally out = o / l.
 * Both products of a tile run on sgemm's packed micro-kernel (Q and P packed as MR-row panels, the key
 * tile as NR-key panels, the value tile as NR-column panels); blocks of at most GT_FEW_QUERIES rows
 * use the matrix-vector kernels instead, reading keys and values in place. With grouped-query heads, a
 * short query sequence (decoding) is attended by all heads of a group in one block, so each key/value
 * head is read once per step.
 * Masks (gatun.h): causal and window bound the range of tiles visited; key padding and block-sparse
 * masks skip whole tiles when they are fully masked and mask single scores otherwise. Rows that can
 * attend to no key get zeros. Blocks are dealt to threads round-robin, so cheap and expensive (causal)
 * blocks mix. Compiled twice (portable / AVX2), each with its sgemm pieces.
 */
#include <math.h>

#include "internal.h"
#include "sgemm.h"

#define GT_BQ 48          /* queries per block: 8 panels of MR = 6 */
#define GT_BK 64          /* keys per tile: 4 panels of NR = 16 */
#define GT_FEW_QUERIES 4  /* at most GT_GEMV_MAX_M */

#ifdef GT_AVX2
#define GT_GEMM (&gt_sgemm_avx2)
#else
#define GT_GEMM (&gt_sgemm_generic)
#endif

typedef struct attention_region {
    const gatun_attention_params *p;
    int failed;
} attention_region;

typedef struct attention_scratch {
    float *qrows;     /* the block's query rows, scaled, contiguous (BQ x D) */
    float *qpack;     /* the same as MR panels */
    float *kpack;     /* key tile as NR panels (D x BK) */
    float *vpack;     /* value tile as NR panels (BK x Dv rounded up to NR) */
    float *ppack;     /* probabilities as MR panels (BQ x BK) */
    float *s;         /* scores, then probabilities (BQ x BK) */
    float *o;         /* output accumulators (BQ x Dv) */
    float *m, *l;     /* (BQ) */
    uint8_t *key_ok;  /* (BK) */
} attention_scratch;

static size_t round16(size_t floats) {
    return (floats + 15) & ~(size_t)15;
}

static size_t round_nr(int64_t n) {
    return (size_t)((n + GT_NR - 1) / GT_NR) * GT_NR;
}

/* Carves this thread's workspace (every buffer 64-byte aligned); NULL if it cannot be allocated. */
static int carve(const gatun_attention_params *p, attention_scratch *w) {
    size_t sizes[9] = {
        round16((size_t)GT_BQ * p->d + 8), round16(round_nr(GT_BK) * p->d), round16(round_nr(p->dv) * GT_BK),
        round16((size_t)GT_BQ * GT_BK + 8), round16((size_t)GT_BQ * GT_BK), round16((size_t)GT_BQ * p->dv),
        round16(2 * GT_BQ), round16(GT_BK), round16((size_t)GT_BQ * p->d),
    };
    size_t total = 0;
    for (int i = 0; i < 9; i++) {
        total += sizes[i];
    }
    float *ws = gt_workspace(GT_WS_SCRATCH, total * sizeof(float));
    if (ws == NULL) {
        return 0;
    }
    w->qrows = ws + total - sizes[8];
    w->qpack = ws;
    w->kpack = w->qpack + sizes[0];
    w->vpack = w->kpack + sizes[1];
    w->ppack = w->vpack + sizes[2];
    w->s = w->ppack + sizes[3];
    w->o = w->s + sizes[4];
    w->m = w->o + sizes[5];
    w->l = w->m + GT_BQ;
    w->key_ok = (uint8_t *)(w->m + sizes[6]);
    return 1;
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

/* Fills key_ok from the key-padding mask; returns whether any key of the tile may be attended. */
static int tile_keys(const gatun_attention_params *p, const attention_scratch *w, int64_t b, int64_t k0, int nk) {
    int any = 0;
    for (int j = 0; j < nk; j++) {
        w->key_ok[j] = p->key_mask ? p->key_mask[b * p->key_mask_strides[0] + (k0 + j) * p->key_mask_strides[1]] != 0 : 1;
        any |= w->key_ok[j];
    }
    return any;
}

/* Masks row i of the scores (query qi) to -inf where it may not attend. */
static void mask_row(const gatun_attention_params *p, const attention_scratch *w, float *s, int64_t qi, int64_t k0,
                     int nk) {
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

/* Turns row i's scores into probabilities, folding the tile into its (m, l) and o. */
static void GT_ISA(online_softmax_row)(const gatun_attention_params *p, const attention_scratch *w, int i,
                                       float *s, int nk) {
    float mx = -INFINITY;
#pragma omp simd reduction(max : mx)
    for (int j = 0; j < nk; j++) {
        mx = s[j] > mx ? s[j] : mx;
    }
    float m_old = w->m[i];
    float m_new = mx > m_old ? mx : m_old;
    if (m_new == -INFINITY) {
        for (int j = 0; j < nk; j++) {
            s[j] = 0.0f; /* nothing attended yet: this tile adds nothing */
        }
        return;
    }
    float sum = 0.0f;
#pragma omp simd reduction(+ : sum)
    for (int j = 0; j < nk; j++) {
        float e = gt_expf(s[j] - m_new);
        s[j] = e;
        sum += e;
    }
    float corr = gt_expf(m_old - m_new); /* 0 when m_old is -inf */
    w->m[i] = m_new;
    w->l[i] = w->l[i] * corr + sum;
    if (corr != 1.0f) {
        float *o = w->o + (int64_t)i * p->dv;
#pragma omp simd
        for (int64_t e = 0; e < p->dv; e++) {
            o[e] *= corr;
        }
    }
}

/* Scores of the block against the tile into w->s (row stride BK), through the packed micro-kernel. */
static void scores_packed(const gatun_attention_params *p, const attention_scratch *w, const gt_view *kv, int nq,
                          int nk) {
    for (int s0 = 0; s0 < nk; s0 += GT_NR) {
        int nr = nk - s0 < GT_NR ? nk - s0 : GT_NR;
        GT_GEMM->pack_b_panel(kv, 0, p->d, s0, nr, w->kpack + (int64_t)s0 * p->d);
    }
    for (int ir = 0; ir < nq; ir += GT_MR) {
        int mr = nq - ir < GT_MR ? nq - ir : GT_MR;
        for (int s0 = 0; s0 < nk; s0 += GT_NR) {
            int nr = nk - s0 < GT_NR ? nk - s0 : GT_NR;
            gt_sgemm_tile(GT_GEMM, p->d, w->qpack + (int64_t)ir * p->d, w->kpack + (int64_t)s0 * p->d,
                          w->s + (int64_t)ir * GT_BK + s0, GT_BK, mr, nr, 1);
        }
    }
}

/* o += P . V for the tile, through the packed micro-kernel. */
static void values_packed(const gatun_attention_params *p, const attention_scratch *w, const gt_view *vv, int nq,
                          int nk) {
    gt_view pv = {w->s, GATUN_F32, GT_BK, 1};
    GT_GEMM->pack_a(&pv, 0, nq, 0, nk, w->ppack);
    for (int64_t e0 = 0; e0 < p->dv; e0 += GT_NR) {
        int nr = p->dv - e0 < GT_NR ? (int)(p->dv - e0) : GT_NR;
        GT_GEMM->pack_b_panel(vv, 0, nk, e0, nr, w->vpack + e0 * nk);
    }
    for (int ir = 0; ir < nq; ir += GT_MR) {
        int mr = nq - ir < GT_MR ? nq - ir : GT_MR;
        for (int64_t e0 = 0; e0 < p->dv; e0 += GT_NR) {
            int nr = p->dv - e0 < GT_NR ? (int)(p->dv - e0) : GT_NR;
            gt_sgemm_tile(GT_GEMM, nk, w->ppack + (int64_t)ir * nk, w->vpack + e0 * nk,
                          w->o + (int64_t)ir * p->dv + e0, p->dv, mr, nr, 0);
        }
    }
}

/*
 * A block of query rows: heads [h0, h0 + nh) of one key/value head's group, times queries [q0, q0 + nq);
 * row r is head h0 + r / nq, query q0 + r % nq. Rows of several heads share every key and value tile, so
 * a decoding step (one query) reads each key/value head once for its whole group.
 */
typedef struct row_block {
    int64_t b, hk, h0, q0;
    int nh, nq;
} row_block;

static void GT_ISA(attend_block)(const gatun_attention_params *p, const attention_scratch *w, const row_block *rb) {
    int rows = rb->nh * rb->nq;
    const float *kbase = p->k + rb->b * p->k_strides[0] + rb->hk * p->k_strides[1];
    const float *vbase = p->v + rb->b * p->v_strides[0] + rb->hk * p->v_strides[1];
    for (int r = 0; r < rows; r++) {
        const float *q = p->q + rb->b * p->q_strides[0] + (rb->h0 + r / rb->nq) * p->q_strides[1]
                         + (rb->q0 + r % rb->nq) * p->q_strides[2];
        for (int64_t d = 0; d < p->d; d++) {
            w->qrows[r * p->d + d] = q[d * p->q_strides[3]] * p->scale;
        }
        w->m[r] = -INFINITY;
        w->l[r] = 0.0f;
    }
    memset(w->o, 0, (size_t)rows * p->dv * sizeof(float));
    /* few rows whose keys and values have unit strides along D: matrix-vector products in place */
    int few = rows <= GT_FEW_QUERIES && (p->d <= 1 || p->k_strides[3] == 1) && (p->dv <= 1 || p->v_strides[3] == 1);
    if (!few) {
        gt_view qv = {w->qrows, GATUN_F32, p->d, 1};
        GT_GEMM->pack_a(&qv, 0, rows, 0, p->d, w->qpack);
    }
    /* keys that some query of the block may see under the causal and window masks */
    int64_t off = (int64_t)p->tk - p->tq, pos_lo = rb->q0 + off, pos_hi = rb->q0 + rb->nq - 1 + off;
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
        if (p->block_mask && !any_block(p, rb->q0, rb->q0 + rb->nq, k0, k0 + nk)) {
            continue;
        }
        if (!tile_keys(p, w, rb->b, k0, nk)) {
            continue;
        }
        /* B[d][j] = K[k0 + j][d] for the scores, B[j][e] = V[k0 + j][e] for the values */
        gt_view kv = {kbase + k0 * p->k_strides[2], GATUN_F32, p->k_strides[3], p->k_strides[2]};
        gt_view vv = {vbase + k0 * p->v_strides[2], GATUN_F32, p->v_strides[2], p->v_strides[3]};
        if (few) {
            GT_GEMM->gemv_t(rows, p->d, w->qrows, p->d, &kv, 0, nk, w->s, GT_BK, 1);
        } else {
            scores_packed(p, w, &kv, rows, nk);
        }
        for (int r = 0; r < rows; r++) {
            float *s = w->s + (int64_t)r * GT_BK;
            if (masked) {
                mask_row(p, w, s, rb->q0 + r % rb->nq, k0, nk);
            }
            GT_ISA(online_softmax_row)(p, w, r, s, nk);
        }
        if (few) {
            GT_GEMM->gemv_n(rows, nk, w->s, GT_BK, &vv, 0, p->dv, w->o, p->dv, 0);
        } else {
            values_packed(p, w, &vv, rows, nk);
        }
    }
    for (int r = 0; r < rows; r++) {
        float *out = p->out + rb->b * p->out_strides[0] + (rb->h0 + r / rb->nq) * p->out_strides[1]
                     + (rb->q0 + r % rb->nq) * p->out_strides[2];
        float inv = w->l[r] > 0 ? 1.0f / w->l[r] : 0.0f;
        for (int64_t e = 0; e < p->dv; e++) {
            out[e * p->out_strides[3]] = w->o[(int64_t)r * p->dv + e] * inv;
        }
    }
}

/*
 * How the work is cut into blocks of at most GT_BQ rows: long query sequences in blocks of GT_BQ
 * queries of one head; short ones (decoding) whole, with as many heads of a group as fit.
 */
typedef struct block_plan {
    int64_t q_blocks, head_chunks, tasks;
    int nq_max, heads_per_block;
} block_plan;

static block_plan plan_blocks(const gatun_attention_params *p) {
    block_plan pl;
    int64_t group = p->heads / p->kv_heads;
    pl.nq_max = p->tq < GT_BQ ? p->tq : GT_BQ;
    pl.q_blocks = (p->tq + GT_BQ - 1) / GT_BQ;
    int64_t fit = GT_BQ / pl.nq_max;
    pl.heads_per_block = (int)(fit < group ? fit : group);
    pl.head_chunks = (group + pl.heads_per_block - 1) / pl.heads_per_block;
    pl.tasks = (int64_t)p->batch * p->kv_heads * pl.head_chunks * pl.q_blocks;
    return pl;
}

void GT_ISA(gt_attention_task)(void *ctx, int tid, int nthreads) {
    attention_region *r = ctx;
    const gatun_attention_params *p = r->p;
    attention_scratch w;
    if (!carve(p, &w)) {
        __atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
        return;
    }
    block_plan pl = plan_blocks(p);
    int64_t group = p->heads / p->kv_heads;
    for (int64_t t = tid; t < pl.tasks; t += nthreads) {
        int64_t qb = t % pl.q_blocks, rest = t / pl.q_blocks;
        int64_t hc = rest % pl.head_chunks, bk = rest / pl.head_chunks;
        row_block rb;
        rb.b = bk / p->kv_heads;
        rb.hk = bk % p->kv_heads;
        rb.h0 = rb.hk * group + hc * pl.heads_per_block;
        rb.nh = (int)(group - hc * pl.heads_per_block < pl.heads_per_block ? group - hc * pl.heads_per_block
                                                                         : pl.heads_per_block);
        rb.q0 = qb * GT_BQ;
        rb.nq = (int)(p->tq - rb.q0 < GT_BQ ? p->tq - rb.q0 : GT_BQ);
        GT_ISA(attend_block)(p, &w, &rb);
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
