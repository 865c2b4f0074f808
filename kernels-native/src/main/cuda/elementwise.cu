/*
 * elementwise.cu: out = x + y, x * y, gelu(x), gelu_tanh(x) or silu(x) over n contiguous F32 elements
 * (gatun_cuda_elementwise_params), a grid-stride loop; formulas as torch.nn.functional:
 *   gelu(x)      = x/2 (1 + erf(x / sqrt 2))
 *   gelu_tanh(x) = x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
 *   silu(x)      = x / (1 + exp(-x))
 */
#include "common.cuh"

#define EW_THREADS 256

static __device__ __forceinline__ float apply(int64_t op, float x, float y) {
    switch (op) {
    case GATUN_CUDA_ADD:
        return x + y;
    case GATUN_CUDA_MUL:
        return x * y;
    case GATUN_CUDA_GELU:
        return 0.5f * x * (1.0f + erff(x * 0.70710678118654752f));
    case GATUN_CUDA_GELU_TANH:
        return 0.5f * x * (1.0f + tanhf(0.79788456080286536f * (x + 0.044715f * x * x * x)));
    default:
        return x / (1.0f + expf(-x));
    }
}

static __global__ void __launch_bounds__(EW_THREADS) elementwise(gatun_cuda_elementwise_params p) {
    for (int64_t i = (int64_t)blockIdx.x * EW_THREADS + threadIdx.x; i < p.n; i += (int64_t)gridDim.x * EW_THREADS) {
        p.out[i] = apply(p.op, p.x[i], p.y ? p.y[i] : 0.0f);
    }
}

extern "C" int32_t gatun_cuda_elementwise(const gatun_cuda_elementwise_params *p, void *stream) {
    if (p->op < GATUN_CUDA_ADD || p->op > GATUN_CUDA_SILU || p->n < 0) {
        return GATUN_CUDA_ERR_ARG;
    }
    if (p->n == 0) {
        return 0; /* empty tensors have no memory: their pointers are NULL */
    }
    if ((p->op == GATUN_CUDA_ADD || p->op == GATUN_CUDA_MUL) && !p->y) {
        return GATUN_CUDA_ERR_ARG;
    }
    int64_t blocks = gt_ceil_div(p->n, EW_THREADS);
    elementwise<<<(unsigned)(blocks < 65536 ? blocks : 65536), EW_THREADS, 0, (cudaStream_t)stream>>>(*p);
    return gt_launched();
}
