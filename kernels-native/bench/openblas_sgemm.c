/*
 * openblas_sgemm.c: the OpenBLAS baseline of compare-matmul.sh. Times cblas_sgemm on one contiguous
 * product exactly as GemmTiming times Gatun's backends: one warm-up call, then calls until the budget is
 * spent (at least 5), median reported. Threads come from OPENBLAS_NUM_THREADS.
 *
 *   gcc -O2 openblas_sgemm.c -o openblas_sgemm -lopenblas
 *   OPENBLAS_NUM_THREADS=1 ./openblas_sgemm M N K nn|nt BUDGET_MS
 *   prints: gflops_median gflops_best calls
 *
 * nt means B = W^T for a row-major (N, K) weight, the layout of a Linear (x . W^T).
 */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int cmp(const void *x, const void *y) {
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

int main(int argc, char **argv) {
    if (argc != 6) {
        fprintf(stderr, "usage: %s M N K nn|nt BUDGET_MS\n", argv[0]);
        return 2;
    }
    int m = atoi(argv[1]), n = atoi(argv[2]), k = atoi(argv[3]);
    int nt = strcmp(argv[4], "nt") == 0;
    double budget = atof(argv[5]) * 1e-3;
    float *a = malloc(sizeof(float) * m * k), *b = malloc(sizeof(float) * k * n), *c = malloc(sizeof(float) * m * n);
    srand(1);
    for (long i = 0; i < (long)m * k; i++) a[i] = (float)rand() / RAND_MAX;
    for (long i = 0; i < (long)k * n; i++) b[i] = (float)rand() / RAND_MAX;
    enum CBLAS_TRANSPOSE tb = nt ? CblasTrans : CblasNoTrans;
    int ldb = nt ? k : n;
    cblas_sgemm(CblasRowMajor, CblasNoTrans, tb, m, n, k, 1.0f, a, k, b, ldb, 0.0f, c, n);
    int cap = 1 << 16, calls = 0;
    double *t = malloc(sizeof(double) * cap);
    double end = now() + budget;
    while ((calls < 5 || now() < end) && calls < cap) {
        double t0 = now();
        cblas_sgemm(CblasRowMajor, CblasNoTrans, tb, m, n, k, 1.0f, a, k, b, ldb, 0.0f, c, n);
        t[calls++] = now() - t0;
    }
    qsort(t, calls, sizeof(double), cmp);
    double flops = 2.0 * m * n * k;
    printf("%.3f %.3f %d\n", flops / t[calls / 2] * 1e-9, flops / t[0] * 1e-9, calls);
    return 0;
}
