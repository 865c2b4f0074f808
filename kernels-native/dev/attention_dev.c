/*
 * attention_dev.c: development harness for libgatun's flash attention (after llm.c's dev/cuda).
 *
 * Versions, each validated against version 1 before it is timed:
 *   1  naive: full score rows in double precision, softmax, then values (the reference)
 *   2  gatun_attention, portable C path (GATUN_ISA_GENERIC)
 *   3  gatun_attention, AVX2 path (GATUN_ISA_BEST): what the Java backend calls
 *
 * Build and run from kernels-native/ after `mvn -pl kernels-native -am compile`:
 *   gcc -O2 -Isrc/main/c dev/attention_dev.c -o target/attention_dev -lm \
 *       -Ltarget/classes/native/linux-x86_64 -Wl,-rpath,$PWD/target/classes/native/linux-x86_64 -lgatun
 *   target/attention_dev [threads] [B H Hkv Tq Tk D causal]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "gatun.h"

typedef struct shape {
    int b, h, hkv, tq, tk, d, causal;
} shape;

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

/* contiguous (B, H, T, D) */
static size_t at(int h, int t, int d, int b, int bi, int hi, int ti, int di) {
    (void)b;
    return (((size_t)bi * h + hi) * t + ti) * d + di;
}

static void naive(const shape *s, const float *q, const float *k, const float *v, float *out) {
    double *sc = malloc(sizeof(double) * s->tk);
    for (int b = 0; b < s->b; b++) {
        for (int h = 0; h < s->h; h++) {
            int hk = h / (s->h / s->hkv);
            for (int i = 0; i < s->tq; i++) {
                long qpos = i + s->tk - s->tq;
                double m = -INFINITY, sum = 0;
                for (int j = 0; j < s->tk; j++) {
                    if (s->causal && j > qpos) {
                        sc[j] = -INFINITY;
                        continue;
                    }
                    double dot = 0;
                    for (int e = 0; e < s->d; e++) {
                        dot += (double)q[at(s->h, s->tq, s->d, s->b, b, h, i, e)] * k[at(s->hkv, s->tk, s->d, s->b, b, hk, j, e)];
                    }
                    sc[j] = dot / sqrt(s->d);
                    m = sc[j] > m ? sc[j] : m;
                }
                for (int j = 0; j < s->tk; j++) {
                    sc[j] = sc[j] == -INFINITY ? 0 : exp(sc[j] - m);
                    sum += sc[j];
                }
                for (int e = 0; e < s->d; e++) {
                    double acc = 0;
                    for (int j = 0; j < s->tk; j++) {
                        acc += sc[j] * v[at(s->hkv, s->tk, s->d, s->b, b, hk, j, e)];
                    }
                    out[at(s->h, s->tq, s->d, s->b, b, h, i, e)] = (float)(acc / sum);
                }
            }
        }
    }
    free(sc);
}

static void run(int version, const shape *s, int threads, const float *q, const float *k, const float *v, float *out) {
    if (version == 1) {
        naive(s, q, k, v, out);
        return;
    }
    gatun_attention_params p = {0};
    p.exec.threads = threads;
    p.exec.isa = version == 2 ? GATUN_ISA_GENERIC : GATUN_ISA_BEST;
    p.batch = s->b;
    p.heads = s->h;
    p.kv_heads = s->hkv;
    p.tq = s->tq;
    p.tk = s->tk;
    p.d = p.dv = s->d;
    p.causal = s->causal;
    p.scale = 1.0f / sqrtf((float)s->d);
    p.q = q;
    p.k = k;
    p.v = v;
    p.out = out;
    int64_t qs[4] = {(int64_t)s->h * s->tq * s->d, (int64_t)s->tq * s->d, s->d, 1};
    int64_t ks[4] = {(int64_t)s->hkv * s->tk * s->d, (int64_t)s->tk * s->d, s->d, 1};
    for (int i = 0; i < 4; i++) {
        p.q_strides[i] = p.out_strides[i] = qs[i];
        p.k_strides[i] = p.v_strides[i] = ks[i];
    }
    if (gatun_attention(&p) != GATUN_OK) {
        fprintf(stderr, "gatun_attention failed\n");
        exit(1);
    }
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    shape s = {1, 12, 12, 197, 197, 64, 0};
    if (argc > 8) {
        s = (shape){atoi(argv[2]), atoi(argv[3]), atoi(argv[4]), atoi(argv[5]), atoi(argv[6]), atoi(argv[7]), atoi(argv[8])};
    }
    size_t nq = (size_t)s.b * s.h * s.tq * s.d, nk = (size_t)s.b * s.hkv * s.tk * s.d;
    float *q = malloc(4 * nq), *k = malloc(4 * nk), *v = malloc(4 * nk), *out = malloc(4 * nq), *ref = malloc(4 * nq);
    srand(3);
    for (size_t i = 0; i < nq; i++) q[i] = (float)rand() / RAND_MAX - 0.5f;
    for (size_t i = 0; i < nk; i++) k[i] = (float)rand() / RAND_MAX - 0.5f;
    for (size_t i = 0; i < nk; i++) v[i] = (float)rand() / RAND_MAX - 0.5f;
    naive(&s, q, k, v, ref);
    double flops = 4.0 * s.b * s.h * s.tq * s.tk * s.d / (s.causal && s.tq == s.tk ? 2 : 1);
    for (int version = 2; version <= 3; version++) {
        run(version, &s, threads, q, k, v, out);
        double worst = 0;
        for (size_t i = 0; i < nq; i++) {
            double e = fabs(out[i] - ref[i]);
            worst = e > worst ? e : worst;
        }
        if (worst > 1e-4) {
            printf("v%d: WRONG (max abs error %.3g)\n", version, worst);
            return 1;
        }
        double best = 1e9;
        for (int r = 0; r < 20; r++) {
            double t0 = now();
            run(version, &s, threads, q, k, v, out);
            double t = now() - t0;
            best = t < best ? t : best;
        }
        printf("v%d B=%d H=%d Hkv=%d Tq=%d Tk=%d D=%d causal=%d threads=%d: %.3f ms, %.1f GFLOP/s (best of 20)\n",
               version, s.b, s.h, s.hkv, s.tq, s.tk, s.d, s.causal, threads, best * 1e3, flops / best * 1e-9);
    }
    return 0;
}
