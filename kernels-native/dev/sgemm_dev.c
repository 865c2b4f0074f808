/*
 * sgemm_dev.c: development harness for libgatun's matrix product (after llm.c's dev/cuda).
 *
 * Versions, each validated against version 1 before it is timed:
 *   1  naive triple loop with double accumulation (the reference; timed only on small shapes)
 *   2  gatun_sgemm, portable C path (GATUN_ISA_GENERIC)
 *   3  gatun_sgemm, AVX2 + FMA path (GATUN_ISA_BEST): what the Java backend calls
 *   0  OpenBLAS cblas_sgemm, the baseline (threads from OPENBLAS_NUM_THREADS)
 *
 * Build and run from kernels-native/ after `mvn -pl kernels-native -am compile`:
 *   gcc -O2 -Isrc/main/c dev/sgemm_dev.c -o target/sgemm_dev \
 *       -Ltarget/classes/native/linux-x86_64 -Wl,-rpath,$PWD/target/classes/native/linux-x86_64 -lgatun -lopenblas
 *   OPENBLAS_NUM_THREADS=1 target/sgemm_dev 1 [version] [M N K layout]    (layout: nn or nt)
 */
#include <cblas.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gatun.h"

typedef struct shape {
    int m, n, k;
    int nt; /* B = W^T with W (n, k) row-major, as a Linear's weight */
} shape;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void naive(const shape *s, const float *a, const float *b, float *c) {
    for (int i = 0; i < s->m; i++) {
        for (int j = 0; j < s->n; j++) {
            double acc = 0;
            for (int p = 0; p < s->k; p++) {
                acc += (double)a[(size_t)i * s->k + p] * (s->nt ? b[(size_t)j * s->k + p] : b[(size_t)p * s->n + j]);
            }
            c[(size_t)i * s->n + j] = (float)acc;
        }
    }
}

static void run(int version, const shape *s, int threads, const float *a, const float *b, float *c) {
    if (version == 1) {
        naive(s, a, b, c);
    } else if (version == 0) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, s->nt ? CblasTrans : CblasNoTrans, s->m, s->n, s->k, 1.0f, a, s->k,
                    b, s->nt ? s->k : s->n, 0.0f, c, s->n);
    } else {
        gatun_sgemm_params p = {0};
        p.exec.threads = threads;
        p.exec.isa = version == 2 ? GATUN_ISA_GENERIC : GATUN_ISA_BEST;
        p.batch = 1;
        p.m = s->m;
        p.n = s->n;
        p.k = s->k;
        p.a = a;
        p.b = b;
        p.c = c;
        p.a_row_stride = s->k;
        p.a_col_stride = 1;
        p.b_row_stride = s->nt ? 1 : s->n;
        p.b_col_stride = s->nt ? s->k : 1;
        p.c_row_stride = s->n;
        if (gatun_sgemm(&p) != GATUN_OK) {
            fprintf(stderr, "gatun_sgemm failed\n");
            exit(1);
        }
    }
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

static void bench(int version, const shape *s, int threads, int validate) {
    size_t na = (size_t)s->m * s->k, nb = (size_t)s->k * s->n, nc = (size_t)s->m * s->n;
    float *a = malloc(na * 4), *b = malloc(nb * 4), *c = malloc(nc * 4), *ref = malloc(nc * 4);
    srand(42);
    for (size_t i = 0; i < na; i++) a[i] = (float)rand() / RAND_MAX - 0.5f;
    for (size_t i = 0; i < nb; i++) b[i] = (float)rand() / RAND_MAX - 0.5f;
    if (validate) {
        naive(s, a, b, ref);
        run(version, s, threads, a, b, c);
        double worst = 0, rms = 0;
        for (size_t i = 0; i < nc; i++) {
            rms += (double)ref[i] * ref[i];
        }
        rms = sqrt(rms / nc) + 1e-30;
        for (size_t i = 0; i < nc; i++) {
            double e = fabs(c[i] - ref[i]) / rms;
            worst = e > worst ? e : worst;
        }
        if (worst > 1e-4) {
            printf("v%d %dx%dx%d %s: WRONG (relative error %.3g)\n", version, s->m, s->n, s->k, s->nt ? "nt" : "nn", worst);
            exit(1);
        }
    }
    double flops = 2.0 * s->m * s->n * s->k;
    int reps = (int)(2e9 / flops) + 3; /* a few seconds at ~50 GFLOP/s */
    if (reps > 2000) reps = 2000;
    if (version == 1 && reps > 3) reps = 3;
    double t[2000];
    run(version, s, threads, a, b, c);
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        run(version, s, threads, a, b, c);
        t[r] = now() - t0;
    }
    qsort(t, reps, sizeof(double), cmp);
    printf("v%d %5d x %5d x %5d %s threads=%d  %8.2f GFLOP/s (median of %d, best %.2f)\n", version, s->m, s->n,
           s->k, s->nt ? "nt" : "nn", threads, flops / t[reps / 2] * 1e-9, reps, flops / t[0] * 1e-9);
    free(a);
    free(b);
    free(c);
    free(ref);
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    int only = argc > 2 ? atoi(argv[2]) : -1;
    shape custom;
    shape shapes[] = {{1024, 1024, 1024, 0}, {197, 768, 768, 1}, {197, 3072, 768, 1}, {1, 4096, 4096, 1},
                      {1, 4096, 4096, 0}, {197, 768, 768, 0}};
    int count = sizeof(shapes) / sizeof(shapes[0]);
    shape *list = shapes;
    if (argc > 6) {
        custom = (shape){atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), strcmp(argv[6], "nt") == 0};
        list = &custom;
        count = 1;
    }
    for (int i = 0; i < count; i++) {
        int validate = (double)list[i].m * list[i].n * list[i].k <= 1.3e9;
        for (int v = 0; v <= 3; v++) {
            if ((only >= 0 && v != only) || v == 1) {
                continue;
            }
            bench(v, &list[i], threads, validate && v != 0);
        }
    }
    return 0;
}
