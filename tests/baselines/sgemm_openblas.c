// OpenBLAS side of Gatun's matmul comparison (compare-matmul.sh).
//
// Usage: OPENBLAS_NUM_THREADS=n ./sgemm_openblas SECONDS SHAPE...   (or --config: OpenBLAS's build)
//   SHAPE is MxNxK[:nt], the same notation as dev.gatun.tensor.kernels.GemmBenchmark:
//   C[M,N] = A[M,K] * B[K,N] (row-major), or with :nt C = A * W^T for a row-major W[N,K] (Linear layout).
//   M = 1 uses sgemv, the routine a matrix-vector product should be compared with.
// Timing mirrors GemmBenchmark: warm up for a third of SECONDS, then time single calls for SECONDS
// (at least 5) and report the median. One JSON object per shape, with the same keys as Gatun's output.
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

static int by_value(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return a < b ? -1 : a > b;
}

static float *random_floats(long n, unsigned *seed) {
    float *p = aligned_alloc(64, ((n * 4 + 63) / 64) * 64);
    for (long i = 0; i < n; i++) p[i] = (float) rand_r(seed) / RAND_MAX - 0.5f;
    return p;
}

static void call(int m, int n, int k, int nt, const float *a, const float *b, float *c) {
    if (m == 1) {
        if (nt) cblas_sgemv(CblasRowMajor, CblasNoTrans, n, k, 1.f, b, k, a, 1, 0.f, c, 1);  // y = W x
        else cblas_sgemv(CblasRowMajor, CblasTrans, k, n, 1.f, b, n, a, 1, 0.f, c, 1);      // y = B^T x
    } else {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, nt ? CblasTrans : CblasNoTrans, m, n, k,
                    1.f, a, k, b, nt ? k : n, 0.f, c, n);
    }
}

static void bench(const char *shape, double seconds) {
    int m, n, k;
    if (sscanf(shape, "%dx%dx%d", &m, &n, &k) != 3) {
        fprintf(stderr, "bad shape %s\n", shape);
        exit(2);
    }
    int nt = strstr(shape, ":nt") != NULL;
    unsigned seed = 1;
    float *a = random_floats((long) m * k, &seed), *b = random_floats((long) k * n, &seed);
    float *c = random_floats((long) m * n, &seed);
    double warm_end = now() + seconds / 3;
    do call(m, n, k, nt, a, b, c); while (now() < warm_end);
    static double times[1000000];
    int calls = 0;
    double end = now() + seconds;
    while ((now() < end || calls < 5) && calls < 1000000) {
        double t0 = now();
        call(m, n, k, nt, a, b, c);
        times[calls++] = now() - t0;
    }
    qsort(times, calls, sizeof(double), by_value);
    double t = times[calls / 2];
    printf("{\"layout\":\"%s\",\"m\":%d,\"n\":%d,\"k\":%d,\"b\":\"f32\",\"threads\":%d,\"seconds\":%.6e,"
           "\"gflops\":%.3f,\"weight_gbps\":%.3f,\"calls\":%d}\n",
           nt ? "NT" : "NN", m, n, k, openblas_get_num_threads(), t, 2.0 * m * n * k / t * 1e-9,
           4.0 * k * n / t * 1e-9, calls);
    fflush(stdout);
    free(a);
    free(b);
    free(c);
}

int main(int argc, char **argv) {
    if (argc == 2 && strcmp(argv[1], "--config") == 0) {
        printf("OpenBLAS %s\n", openblas_get_config());
        return 0;
    }
    if (argc < 3) {
        fprintf(stderr, "usage: %s SECONDS SHAPE...\n", argv[0]);
        return 2;
    }
    double seconds = atof(argv[1]);
    for (int i = 2; i < argc; i++) bench(argv[i], seconds);
    return 0;
}
