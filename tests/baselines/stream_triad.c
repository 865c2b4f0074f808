// Memory bandwidth of this machine, for judging Gatun's matrix-vector products: the STREAM triad
// a[i] = b[i] + s*c[i] over three arrays of 2^25 doubles (768 MiB in all, far beyond any cache),
// counted as 24 bytes per element (no write-allocate), median of 10 runs after one warm-up.
// Usage: OMP_NUM_THREADS=n ./stream_triad   ->  {"threads":n,"triad_gbps":X}
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static int by_value(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return a < b ? -1 : a > b;
}

int main(void) {
    const long n = 1L << 25;
    const int runs = 11;
    double *a = aligned_alloc(64, n * 8), *b = aligned_alloc(64, n * 8), *c = aligned_alloc(64, n * 8);
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }
    double t[11], s = 3.0;
    for (int r = 0; r < runs; r++) {
        double t0 = now();
#pragma omp parallel for schedule(static)
        for (long i = 0; i < n; i++) a[i] = b[i] + s * c[i];
        t[r] = now() - t0;
    }
    qsort(t + 1, runs - 1, sizeof(double), by_value);
    printf("{\"threads\":%d,\"triad_gbps\":%.2f,\"check\":%g}\n", omp_get_max_threads(),
           24.0 * n / t[1 + (runs - 1) / 2] * 1e-9, a[n / 2]);
    return 0;
}
