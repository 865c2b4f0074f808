/*
 * sgemm.h: the pieces of the packed matrix product that depend on the instruction set.
 *
 * The driver (sgemm.c) follows the GotoBLAS/BLIS loop nest: for each NC-wide block of B columns and
 * KC-deep slice of k, B is packed into NR-wide micro-panels; MC-tall blocks of A are packed into MR-tall
 * micro-panels and the MR x NR micro-kernel sweeps over them. Each thread works on its own block of C
 * with its own panels (see grid_rows in sgemm.c). Packing is where strides and dtypes (F32, F16, BF16) are resolved, so the micro-kernel only
 * ever sees contiguous F32 panels and no converted copy of a whole operand is ever made.
 *
 * Sizes for an AVX2 core with 32 KiB L1d and 512 KiB L2 (Zen 2/3, Haswell and later):
 *   MR x NR = 6 x 16: 12 accumulators + 2 B vectors + 1 broadcast of the 16 ymm registers;
 *   KC = 256: a B micro-panel (KC x NR x 4 = 16 KiB) stays in L1 while A micro-panels stream;
 *   MC = 144: an A block (MC x KC x 4 = 144 KiB) stays in L2;
 *   NC = 3072: a B block (KC x NC x 4 = 3 MiB) stays in L3.
 */
#ifndef GATUN_SGEMM_H
#define GATUN_SGEMM_H

#include "internal.h"

#define GT_MR 6
#define GT_NR 16
#ifndef GT_KC /* overridable with -D for the development harness (dev/sgemm_dev.c) */
#define GT_KC 256
#endif
#ifndef GT_MC
#define GT_MC 144
#endif
#ifndef GT_NC
#define GT_NC 3072
#endif

/* Products with at most this many rows (or columns) take the matrix-vector path (see thin_mode). */
#define GT_GEMV_MAX_M 4

/* An operand: element (i, j) of type `type` at p + i * rs + j * cs (in elements). */
typedef struct gt_view {
    const void *p;
    int type;
    int64_t rs, cs;
} gt_view;

static inline const void *gt_view_at(const gt_view *v, int64_t i, int64_t j) {
    return (const char *)v->p + (i * v->rs + j * v->cs) * gt_type_size(v->type);
}

typedef struct gt_sgemm_isa {
    /* Packs rows [i0, i0 + mc) x columns [p0, p0 + kc) of A into MR-row panels, zero-padding rows. */
    void (*pack_a)(const gt_view *a, int64_t i0, int mc, int64_t p0, int kc, float *dst);
    /* Packs rows [p0, p0 + kc) x columns [j0, j0 + nr) (nr <= NR) of B into one NR-wide panel. */
    void (*pack_b_panel)(const gt_view *b, int64_t p0, int kc, int64_t j0, int nr, float *dst);
    /* C (MR x NR, row stride ldc) = or += packed A panel . packed B panel over kc. */
    void (*kernel)(int64_t kc, const float *a, const float *b, float *c, int64_t ldc, int overwrite);
    /* Rows [0, m) of C, columns [j0, j1): C = or += X . B, X (m x k) contiguous F32 with row stride ldx,
     * B with unit column stride (gemv_n) or unit row stride (gemv_t). */
    void (*gemv_n)(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0, int64_t j1,
                   float *c, int64_t ldc, int overwrite);
    void (*gemv_t)(int m, int64_t k, const float *x, int64_t ldx, const gt_view *b, int64_t j0, int64_t j1,
                   float *c, int64_t ldc, int overwrite);
} gt_sgemm_isa;

extern const gt_sgemm_isa gt_sgemm_generic;
extern const gt_sgemm_isa gt_sgemm_avx2;

/* Runs the micro-kernel on one MR x NR tile of C (mr x nr of it used), through a scratch tile when the
 * tile is cut by the edge of C. */
static inline void gt_sgemm_tile(const gt_sgemm_isa *isa, int64_t kc, const float *ap, const float *bp, float *c,
                                 int64_t ldc, int mr, int nr, int overwrite) {
    if (mr == GT_MR && nr == GT_NR) {
        isa->kernel(kc, ap, bp, c, ldc, overwrite);
        return;
    }
    float t[GT_MR * GT_NR] __attribute__((aligned(64)));
    isa->kernel(kc, ap, bp, t, GT_NR, 1);
    for (int i = 0; i < mr; i++) {
        for (int j = 0; j < nr; j++) {
            c[i * ldc + j] = overwrite ? t[i * GT_NR + j] : c[i * ldc + j] + t[i * GT_NR + j];
        }
    }
}

/* Generic packing, used by every ISA for layouts its fast paths do not cover. */
void gt_pack_a_generic(const gt_view *a, int64_t i0, int mc, int64_t p0, int kc, float *dst);
void gt_pack_b_panel_generic(const gt_view *b, int64_t p0, int kc, int64_t j0, int nr, float *dst);

#endif
