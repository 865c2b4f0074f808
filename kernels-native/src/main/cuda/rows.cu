/*
 * rows.cu: the row-wise kernels over the last dimension of gatun_cuda_rows_params, one block of 256
 * threads per row, each thread striding over the columns:
 *
 *   softmax     out = exp(x - max) / sum exp(x - max)
 *   layer_norm  out = (x - mean) / sqrt(var + eps) * weight + bias    (biased variance, two passes)
 *   rms_norm    out = x / sqrt(mean(x^2) + eps) * weight
 *
 * Every pass reads x again (a row is in L2 by then); out may be x itself, since each element is written
 * by the thread that last reads it, after the reductions.
 */
#include "common.cuh"

#define ROW_THREADS 256

static __global__ void __launch_bounds__(ROW_THREADS) rows(gatun_cuda_rows_params p) {
    __shared__ float scratch[32];
    int64_t row = blockIdx.x, n = p.cols;
    const float *x = p.x + row * n;
    float *out = p.out + row * n;
    if (p.op == GATUN_CUDA_SOFTMAX) {
        float m = -INFINITY;
        for (int64_t i = threadIdx.x; i < n; i += ROW_THREADS) {
            m = fmaxf(m, x[i]);
        }
        m = gt_block_reduce(m, scratch, true);
        float s = 0.0f;
        for (int64_t i = threadIdx.x; i < n; i += ROW_THREADS) {
            s += expf(x[i] - m);
        }
        float inv = 1.0f / gt_block_reduce(s, scratch, false);
        for (int64_t i = threadIdx.x; i < n; i += ROW_THREADS) {
            out[i] = expf(x[i] - m) * inv;
        }
        return;
    }
    float mean = 0.0f;
    if (p.op == GATUN_CUDA_LAYER_NORM) {
        float s = 0.0f;
        for (int64_t i = threadIdx.x; i < n; i += ROW_THREADS) {
            s += x[i];
        }
        mean = gt_block_reduce(s, scratch, false) / (float)n;
    }
    float sq = 0.0f;
    for (int64_t i = threadIdx.x; i < n; i += ROW_THREADS) {
        float c = x[i] - mean;
        sq = fmaf(c, c, sq);
    }
    float inv = 1.0f / sqrtf(gt_block_reduce(sq, scratch, false) / (float)n + (float)p.eps);
    for (int64_t i = threadIdx.x; i < n; i += ROW_THREADS) {
        float y = (x[i] - mean) * inv;
        if (p.weight) {
            y *= p.weight[i];
        }
        if (p.bias) {
            y += p.bias[i];
        }
        out[i] = y;
    }
}

extern "C" int32_t gatun_cuda_rows(const gatun_cuda_rows_params *p, void *stream) {
    if (p->op < GATUN_CUDA_SOFTMAX || p->op > GATUN_CUDA_RMS_NORM || p->rows < 0 || p->cols < 0
        || p->rows > 0x7fffffff) {
        return GATUN_CUDA_ERR_ARG;
    }
    if (p->rows == 0 || p->cols == 0) {
        return 0;
    }
    rows<<<(unsigned)p->rows, ROW_THREADS, 0, (cudaStream_t)stream>>>(*p);
    return gt_launched();
}
