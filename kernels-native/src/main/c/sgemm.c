/*
 * sgemm.c: the batched F32 matrix product C[b] = A[b] . B[b] (+ C[b]) of gatun_sgemm: the blocked loop
 * nest and its threading (see sgemm.h), the matrix-vector path for few rows or columns, and the portable C
 * versions of packing and micro-kernel. The AVX2 versions are in sgemm_avx2.c.
 */
#include <stdlib.h>

#include "sgemm.h"

/* ------------------------------------------------------------------ portable pieces */

void gt_pack_a_generic(const gt_view *a, int64_t i0, int mc, int64_t p0, int kc, float *dst) {
    for (int ir = 0; ir < mc; ir += GT_MR) {
        int mr = mc - ir < GT_MR ? mc - ir : GT_MR;
        for (int p = 0; p < kc; p++) {
            for (int i = 0; i < GT_MR; i++) {
                dst[p * GT_MR + i] = i < mr
                    ? gt_load_elem(a->p, a->type, (i0 + ir + i) * a->rs + (p0 + p) * a->cs) : 0.0f;
            }
        }
        dst += (int64_t)GT_MR * kc;
    }
}

void gt_pack_b_panel_generic(const gt_view *b, int64_t p0, int kc, int64_t j0, int nr, float *dst) {
    for (int p = 0; p < kc; p++) {
        for (int j = 0; j < GT_NR; j++) {
            dst[p * GT_NR + j] = j < nr
                ? gt_load_elem(b->p, b->type, (p0 + p) * b->rs + (j0 + j) * b->cs) : 0.0f;
        }
    }
}

/* Portable micro-kernel in GCC vector extensions (SSE on x86-64, NEON on arm64): each half of the
 * 16 columns in turn, 6 x 2 four-wide accumulators. */
typedef float gt_v4 __attribute__((vector_size(16), aligned(16)));

static void kernel_generic(int64_t kc, const float *a, const float *b, float *c, int64_t ldc, int overwrite) {
    for (int h = 0; h < GT_NR; h += 8) {
        gt_v4 acc[GT_MR][2];
        memset(acc, 0, sizeof(acc));
        for (int64_t p = 0; p < kc; p++) {
            gt_v4 b0 = *(const gt_v4 *)(b + p * GT_NR + h);
            gt_v4 b1 = *(const gt_v4 *)(b + p * GT_NR + h + 4);
            for (int i = 0; i < GT_MR; i++) {
                float ai = a[p * GT_MR + i];
                acc[i][0] += ai * b0;
                acc[i][1] += ai * b1;
            }
        }
        for (int i = 0; i < GT_MR; i++) {
            float *ci = c + i * ldc + h;
            for (int j = 0; j < 8; j++) {
                float v = acc[i][j >> 2][j & 3];
                ci[j] = overwrite ? v : ci[j] + v;
            }
        }
    }
}

/*
 * Portable matrix-vector kernels. Each body is inlined with a constant dtype, so the conversion in
 * gt_load_elem folds away and the F32 and BF16 loops vectorise (SSE, NEON).
 */
#define GT_GENERIC_JC 512

static inline __attribute__((always_inline)) void gemv_n_body(int m, int64_t k, const float *x, int64_t ldx,
                                                              const gt_view *b, int64_t j0, int64_t j1, float *c,
                                                              int64_t ldc, int overwrite, int type) {
    float y[GT_GEMV_MAX_M][GT_GENERIC_JC];
    for (int64_t js = j0; js < j1; js += GT_GENERIC_JC) {
        int nj = j1 - js < GT_GENERIC_JC ? (int)(j1 - js) : GT_GENERIC_JC;
        for (int i = 0; i < m; i++) {
            memset(y[i], 0, (size_t)nj * sizeof(float));
        }
        for (int64_t p = 0; p < k; p++) {
            const void *row = gt_view_at(b, p, js);
            for (int i = 0; i < m; i++) {
                float xp = x[i * ldx + p];
                float *yi = y[i];
                for (int j = 0; j < nj; j++) {
                    yi[j] += xp * gt_load_elem(row, type, j);
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

static void gemv_n_generic(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0, int64_t j1,
                           float *c, int64_t ldc, int overwrite) {
    switch (b->type) {
    case GATUN_F16: gemv_n_body(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F16); break;
    case GATUN_BF16: gemv_n_body(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_BF16); break;
    default: gemv_n_body(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F32); break;
    }
}

static inline __attribute__((always_inline)) void gemv_t_body(int m, int64_t k, const float *x, int64_t ldx,
                                                              const gt_view *b, int64_t j0, int64_t j1, float *c,
                                                              int64_t ldc, int overwrite, int type) {
    for (int64_t j = j0; j < j1; j++) {
        const void *w = gt_view_at(b, 0, j);
        for (int i = 0; i < m; i++) {
            const float *xi = x + i * ldx;
            float acc[8] = {0};
            int64_t p = 0;
            for (; p + 8 <= k; p += 8) {
                for (int l = 0; l < 8; l++) {
                    acc[l] += xi[p + l] * gt_load_elem(w, type, p + l);
                }
            }
            float s = ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]));
            for (; p < k; p++) {
                s += xi[p] * gt_load_elem(w, type, p);
            }
            float *cij = c + i * ldc + j;
            *cij = overwrite ? s : *cij + s;
        }
    }
}

static void gemv_t_generic(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0, int64_t j1,
                           float *c, int64_t ldc, int overwrite) {
    switch (b->type) {
    case GATUN_F16: gemv_t_body(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F16); break;
    case GATUN_BF16: gemv_t_body(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_BF16); break;
    default: gemv_t_body(m, k, x, ldx, b, j0, j1, c, ldc, overwrite, GATUN_F32); break;
    }
}

const gt_sgemm_isa gt_sgemm_generic = {
    gt_pack_a_generic, gt_pack_b_panel_generic, kernel_generic, gemv_n_generic, gemv_t_generic,
};

/* ------------------------------------------------------------------ one product */

typedef struct gt_product {
    gt_view a, b;
    float *c;
    int64_t ldc;
    int64_t m, n, k;
    int accumulate;
} gt_product;

static gt_product product_of(const gatun_sgemm_params *p, int64_t bi) {
    gt_product g;
    g.a = (gt_view){(const char *)p->a + bi * p->a_batch_stride * gt_type_size(p->a_type), p->a_type,
                    p->a_row_stride, p->a_col_stride};
    g.b = (gt_view){(const char *)p->b + bi * p->b_batch_stride * gt_type_size(p->b_type), p->b_type,
                    p->b_row_stride, p->b_col_stride};
    g.c = p->c + bi * p->c_batch_stride;
    g.ldc = p->c_row_stride;
    g.m = p->m;
    g.n = p->n;
    g.k = p->k;
    g.accumulate = p->accumulate;
    return g;
}

/* One product in the blocked loop nest, on the calling thread, with its own packing buffers. */
static void blocked(const gt_sgemm_isa *isa, const gt_product *g, float *bpack, float *apack) {
    for (int64_t jc = 0; jc < g->n; jc += GT_NC) {
        int64_t nc = g->n - jc < GT_NC ? g->n - jc : GT_NC;
        int64_t panels = (nc + GT_NR - 1) / GT_NR;
        for (int64_t pc = 0; pc < g->k; pc += GT_KC) {
            int kc = g->k - pc < GT_KC ? (int)(g->k - pc) : GT_KC;
            int overwrite = pc == 0 && !g->accumulate;
            for (int64_t s = 0; s < panels; s++) {
                int64_t j0 = jc + s * GT_NR;
                int nr = g->n - j0 < GT_NR ? (int)(g->n - j0) : GT_NR;
                isa->pack_b_panel(&g->b, pc, kc, j0, nr, bpack + s * GT_NR * kc);
            }
            for (int64_t ic = 0; ic < g->m; ic += GT_MC) {
                int mc = g->m - ic < GT_MC ? (int)(g->m - ic) : GT_MC;
                isa->pack_a(&g->a, ic, mc, pc, kc, apack);
                for (int64_t s = 0; s < panels; s++) {
                    int64_t j0 = jc + s * GT_NR;
                    int nr = g->n - j0 < GT_NR ? (int)(g->n - j0) : GT_NR;
                    const float *bp = bpack + s * GT_NR * kc;
                    for (int ir = 0; ir < mc; ir += GT_MR) {
                        int mr = mc - ir < GT_MR ? mc - ir : GT_MR;
                        float *c = g->c + (ic + ir) * g->ldc + j0;
                        gt_sgemm_tile(isa, kc, apack + (int64_t)ir * kc, bp, c, g->ldc, mr, nr, overwrite);
                    }
                }
            }
        }
    }
}

/* The block of rows [i0, i1) and columns [j0, j1) of a product, as a product of its own. */
static gt_product sub_product(const gt_product *g, int64_t i0, int64_t i1, int64_t j0, int64_t j1) {
    gt_product s = *g;
    s.a.p = gt_view_at(&g->a, i0, 0);
    s.b.p = gt_view_at(&g->b, 0, j0);
    s.c = g->c + i0 * g->ldc + j0;
    s.m = i1 - i0;
    s.n = j1 - j0;
    return s;
}

/*
 * Rows of the thread grid tm x tn (tm * tn = nthreads). Each thread computes its own block of C and packs
 * its own panels, so threads never wait for one another (what matters on a busy machine, where a waiting
 * thread may find its partner descheduled); the price is that A is packed tn times and B tm times. The
 * grid minimises that extra packing, tn * m + tm * n, keeping at least a few micro-tiles per thread.
 */
static int grid_rows(int64_t m, int64_t n, int nthreads) {
    int best = 1;
    double best_cost = -1;
    for (int tm = 1; tm <= nthreads; tm++) {
        if (nthreads % tm != 0) {
            continue;
        }
        int tn = nthreads / tm;
        if ((tm > 1 && m < (int64_t)tm * 4 * GT_MR) || (tn > 1 && n < (int64_t)tn * 2 * GT_NR)) {
            continue;
        }
        double cost = (double)tn * m + (double)tm * n;
        if (best_cost < 0 || cost < best_cost) {
            best = tm;
            best_cost = cost;
        }
    }
    return best;
}

/* ------------------------------------------------------------------ matrix-vector path */

/*
 * A thin product seen as y[r][j] = sum_p x[r][p] W[p][j] for r < rows <= GT_GEMV_MAX_M: either x = A's rows
 * and W = B, writing C (few rows: a decoding step, x . W^T), or x = B's columns and W = A^T, writing C
 * transposed (few columns: a matrix times a vector). W is streamed once, straight from memory: no packing,
 * which would read it twice. It needs a unit stride along p (dot products with W's columns, gemv_t) or
 * along j (axpy down W's rows, gemv_n).
 */
#define GT_THIN_ROWS 1
#define GT_THIN_COLUMNS 2

static int thin_mode(const gatun_sgemm_params *p) {
    if (p->m <= GT_GEMV_MAX_M && (p->b_col_stride == 1 || p->b_row_stride == 1)) {
        return GT_THIN_ROWS;
    }
    if (p->n <= GT_GEMV_MAX_M && (p->a_row_stride == 1 || p->a_col_stride == 1)) {
        return GT_THIN_COLUMNS;
    }
    return 0;
}

typedef struct gt_thin {
    gt_view x, w;
    float *c;
    int64_t c_rs, c_cs; /* y[r][j] is c[r * c_rs + j * c_cs] */
    int64_t rows, cols, k;
    int accumulate;
} gt_thin;

static gt_thin thin_of(const gatun_sgemm_params *p, int mode, int64_t bi) {
    gt_product g = product_of(p, bi);
    gt_thin t;
    t.k = g.k;
    t.c = g.c;
    t.accumulate = g.accumulate;
    if (mode == GT_THIN_ROWS) {
        t.x = g.a;
        t.w = g.b;
        t.rows = g.m;
        t.cols = g.n;
        t.c_rs = g.ldc;
        t.c_cs = 1;
    } else {
        t.x = (gt_view){g.b.p, g.b.type, g.b.cs, g.b.rs};
        t.w = (gt_view){g.a.p, g.a.type, g.a.cs, g.a.rs};
        t.rows = g.n;
        t.cols = g.m;
        t.c_rs = 1;
        t.c_cs = g.ldc;
    }
    return t;
}

/* Thread tid's share of the thin products: (batch x column chunks) tasks dealt round-robin. */
static void thin_part(const gt_sgemm_isa *isa, const gatun_sgemm_params *p, int mode, float *x, float *y, int tid,
                      int nthreads) {
    int64_t chunks = nthreads;
    int64_t tasks = (int64_t)p->batch * chunks;
    int64_t last_b = -1;
    for (int64_t task = tid; task < tasks; task += nthreads) {
        int64_t bi = task / chunks;
        gt_thin t = thin_of(p, mode, bi);
        if (bi != last_b) {
            for (int64_t r = 0; r < t.rows; r++) {
                for (int64_t q = 0; q < t.k; q++) {
                    x[r * t.k + q] = gt_load_elem(t.x.p, t.x.type, r * t.x.rs + q * t.x.cs);
                }
            }
            last_b = bi;
        }
        int axpy = t.w.cs == 1;
        int64_t j0, j1;
        gt_split(t.cols, axpy ? 64 : 8, (int)(task % chunks), (int)chunks, &j0, &j1);
        if (j0 >= j1) {
            continue;
        }
        void (*kernel)(int, int64_t, const float *, int64_t, const gt_view *, int64_t, int64_t, float *, int64_t, int) =
            axpy ? isa->gemv_n : isa->gemv_t;
        if (t.c_cs == 1) {
            kernel((int)t.rows, t.k, x, t.k, &t.w, j0, j1, t.c, t.c_rs, !t.accumulate);
            continue;
        }
        /* C transposed: compute this chunk's rows of y, then write them as columns of C */
        int64_t width = j1 - j0;
        gt_view w = t.w;
        w.p = gt_view_at(&t.w, 0, j0);
        kernel((int)t.rows, t.k, x, t.k, &w, 0, width, y, width, 1);
        for (int64_t j = j0; j < j1; j++) {
            for (int64_t r = 0; r < t.rows; r++) {
                float *cj = t.c + r * t.c_rs + j * t.c_cs;
                float v = y[r * width + (j - j0)];
                *cj = t.accumulate ? *cj + v : v;
            }
        }
    }
}

/* ------------------------------------------------------------------ entry point */

typedef struct sgemm_region {
    const gatun_sgemm_params *p;
    const gt_sgemm_isa *isa;
    int mode; /* 0: each product split among threads; 1: products dealt to threads; 2: thin */
    int thin;
    int failed;
} sgemm_region;

static size_t bpack_bytes(const gatun_sgemm_params *p) {
    int64_t nc = p->n < GT_NC ? p->n : GT_NC;
    int64_t kc = p->k < GT_KC ? p->k : GT_KC;
    return (size_t)(((nc + GT_NR - 1) / GT_NR) * GT_NR * kc) * sizeof(float) + 64;
}

static size_t apack_bytes(void) {
    /* a spare panel: the AVX2 A packing writes 8-wide stores that overrun the last panel by 2 floats */
    return (size_t)(GT_MC + GT_MR) * GT_KC * sizeof(float) + 64;
}

static void sgemm_task(void *ctx, int tid, int nthreads) {
    sgemm_region *r = ctx;
    const gatun_sgemm_params *p = r->p;
    if (r->mode == 2) {
        int64_t rows = r->thin == GT_THIN_ROWS ? p->m : p->n, cols = r->thin == GT_THIN_ROWS ? p->n : p->m;
        float *x = gt_workspace(GT_WS_SCRATCH, (size_t)rows * p->k * sizeof(float) + 64);
        /* C transposed goes through y: this thread's columns of at most cols / nthreads + 64 */
        float *y = r->thin == GT_THIN_ROWS
                       ? x : gt_workspace(GT_WS_PACK_B, (size_t)rows * (cols / nthreads + 64) * sizeof(float));
        if (x == NULL || y == NULL) {
            __atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
            return;
        }
        thin_part(r->isa, p, r->thin, x, y, tid, nthreads);
        return;
    }
    float *apack = gt_workspace(GT_WS_PACK_A, apack_bytes());
    float *bpack = gt_workspace(GT_WS_PACK_B, bpack_bytes(p));
    if (apack == NULL || bpack == NULL) {
        __atomic_store_n(&r->failed, 1, __ATOMIC_RELAXED);
        return;
    }
    if (r->mode == 1) {
        for (int64_t bi = tid; bi < p->batch; bi += nthreads) {
            gt_product g = product_of(p, bi);
            blocked(r->isa, &g, bpack, apack);
        }
        return;
    }
    int tm = grid_rows(p->m, p->n, nthreads), tn = nthreads / tm;
    int64_t i0, i1, j0, j1;
    gt_split(p->m, GT_MR, tid / tn, tm, &i0, &i1);
    gt_split(p->n, GT_NR, tid % tn, tn, &j0, &j1);
    if (i0 >= i1 || j0 >= j1) {
        return;
    }
    for (int64_t bi = 0; bi < p->batch; bi++) {
        gt_product g = product_of(p, bi);
        gt_product s = sub_product(&g, i0, i1, j0, j1);
        blocked(r->isa, &s, bpack, apack);
    }
}

static void zero_or_keep(const gatun_sgemm_params *p) {
    if (p->accumulate) {
        return;
    }
    for (int64_t bi = 0; bi < p->batch; bi++) {
        for (int64_t i = 0; i < p->m; i++) {
            memset(p->c + bi * p->c_batch_stride + i * p->c_row_stride, 0, (size_t)p->n * sizeof(float));
        }
    }
}

int32_t gatun_sgemm(const gatun_sgemm_params *p) {
    if (p->exec.threads < 1 || p->batch < 0 || p->m < 0 || p->n < 0 || p->k < 0) {
        return GATUN_ERR_ARG;
    }
    if (p->batch == 0 || p->m == 0 || p->n == 0) {
        return GATUN_OK;
    }
    if (p->k == 0) {
        zero_or_keep(p);
        return GATUN_OK;
    }
    sgemm_region r = {0};
    r.p = p;
#if defined(__x86_64__)
    r.isa = gt_use_avx2(&p->exec) ? &gt_sgemm_avx2 : &gt_sgemm_generic;
#else
    r.isa = &gt_sgemm_generic;
#endif
    int threads = p->exec.threads;
    double flops = 2.0 * p->m * p->n * p->k;
    if (flops < 2.0 * 32 * 32 * 32) {
        threads = 1; /* a few microseconds of work: waking threads costs more */
    }
    r.thin = thin_mode(p);
    if (r.thin != 0) {
        r.mode = 2;
    } else if (threads > 1 && p->batch >= threads && (p->batch >= 2 * threads || flops <= 1 << 23)) {
        r.mode = 1;
    } else {
        r.mode = 0;
    }
    gt_parallel(threads, sgemm_task, &r);
    return r.failed ? GATUN_ERR_NOMEM : GATUN_OK;
}
