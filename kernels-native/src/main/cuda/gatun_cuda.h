/*
 * gatun_cuda.h: the ABI of libgatun_cuda, Gatun's CUDA kernels, as the Java side (dev.gatun.kernels.cuda)
 * calls them through the Foreign Function and Memory API.
 *
 * Every field of every parameter struct is 8 bytes (int64_t, double or a pointer), so the Java layouts
 * (CudaKernel) need no padding; the library reports each struct's size and Java compares it with its own
 * layout at load time. Pointers in the structs are device pointers to contiguous row-major data, except
 * the matrix product, whose operands carry element strides.
 *
 * Entry points return 0 on success, a cudaError_t value (> 0) when the runtime refused a call or a launch,
 * or GATUN_CUDA_ERR_ARG when the parameters are inconsistent (Java validates them first, so that means a
 * bug on the Java side). Kernels are enqueued on the stream given (NULL: the legacy default stream) and
 * run asynchronously; errors inside a running kernel surface at the next synchronising call.
 *
 * Shape letters as in the rest of Gatun: B batch, H heads, T tokens, D head size, C channels, N state size,
 * L sequence length, E experts.
 */
#ifndef GATUN_CUDA_H
#define GATUN_CUDA_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GATUN_CUDA_API __attribute__((visibility("default")))
#define GATUN_CUDA_ABI_VERSION 1
#define GATUN_CUDA_ERR_ARG (-1)

/* element types of matrix-product operands (the dtype ordinal is not used across the boundary) */
enum gatun_cuda_dtype { GATUN_CUDA_F32 = 0, GATUN_CUDA_F16 = 1, GATUN_CUDA_BF16 = 2 };

/* kernel ids, for gatun_cuda_params_size */
enum gatun_cuda_kernel {
    GATUN_CUDA_K_GEMM = 0,
    GATUN_CUDA_K_GROUPED_GEMM = 1,
    GATUN_CUDA_K_ATTENTION = 2,
    GATUN_CUDA_K_ROWS = 3,
    GATUN_CUDA_K_ELEMENTWISE = 4,
    GATUN_CUDA_K_SELECTIVE_SCAN = 5
};

/*
 * C[b] = A[b] B[b] (+ C[b] if accumulate): A (m, k), B (k, n), C (m, n) F32. A and B are F32, F16 or BF16
 * with any element strides (batch, row, column), measured from the pointer, which addresses element
 * [0][0][0]. C's columns are contiguous. `path` 0: CUDA-core tiles, exact F32 arithmetic; 1: tensor cores
 * (WMMA) with F16 or BF16 operands (a_type == b_type), or TF32 for F32 operands; F32 accumulation.
 */
typedef struct gatun_cuda_gemm_params {
    int64_t batch, m, n, k;
    int64_t a_type, b_type, accumulate, path;
    const void *a;
    const void *b;
    float *c;
    int64_t a_strides[3], b_strides[3], c_strides[2];
} gatun_cuda_gemm_params;

/*
 * Mixture-of-experts grouped product, one launch for all experts: rows offsets[e] .. offsets[e+1] of X
 * (T, K) are tokens routed to expert e, and out[t] = X[t] W[e]^T with W (E, N, K) (each expert a Linear
 * weight). offsets (E + 1) int64 on the device, non-decreasing from 0 to T; max_rows the largest group.
 * X and W are F32, F16 or BF16; out is F32 (T, N).
 */
typedef struct gatun_cuda_grouped_gemm_params {
    int64_t experts, tokens, n, k, max_rows;
    int64_t x_type, w_type;
    const void *x;
    const void *w;
    const int64_t *offsets;
    float *out;
} gatun_cuda_grouped_gemm_params;

/*
 * Flash-attention forward: out = softmax(q k^T scale + mask) v, q (B, H, Tq, D), k (B, Hkv, Tk, D),
 * v (B, Hkv, Tk, Dv), out (B, H, Tq, Dv), all F32; D, Dv <= 128. Masks as dev.gatun.tensor.AttentionMask:
 * causal (bottom-right aligned), window (0: none), key_mask (B, Tk) bytes (1 = may attend), block_mask
 * (ceil(Tq / block_size), ceil(Tk / block_size)) bytes. A query that sees no key gets zeros.
 */
typedef struct gatun_cuda_attention_params {
    int64_t batch, heads, kv_heads, tq, tk, d, dv;
    int64_t causal, window, block_size;
    double scale;
    const float *q;
    const float *k;
    const float *v;
    float *out;
    const uint8_t *key_mask;
    const uint8_t *block_mask;
} gatun_cuda_attention_params;

/* row-wise kernels over the last dimension: x and out (rows, cols) F32; weight and bias (cols) or NULL */
enum gatun_cuda_row_op { GATUN_CUDA_SOFTMAX = 0, GATUN_CUDA_LAYER_NORM = 1, GATUN_CUDA_RMS_NORM = 2 };

typedef struct gatun_cuda_rows_params {
    int64_t op, rows, cols;
    double eps;
    const float *x;
    const float *weight;
    const float *bias;
    float *out;
} gatun_cuda_rows_params;

/* out = f(x) or out = x (op) y over n F32 elements; y only for the binary ops */
enum gatun_cuda_elementwise_op {
    GATUN_CUDA_ADD = 0, GATUN_CUDA_MUL = 1, GATUN_CUDA_GELU = 2, GATUN_CUDA_GELU_TANH = 3, GATUN_CUDA_SILU = 4
};

typedef struct gatun_cuda_elementwise_params {
    int64_t op, n;
    const float *x;
    const float *y;
    float *out;
} gatun_cuda_elementwise_params;

/*
 * Mamba's selective scan, as dev.gatun.tensor.SelectiveScan: u, delta, z, out (B, C, L); a (C, N);
 * b, c (B, N, L); d, delta_bias (C); initial_state, last_state (B, C, N); all F32, N <= 256. d, z,
 * delta_bias, initial_state and last_state may be NULL.
 */
typedef struct gatun_cuda_selective_scan_params {
    int64_t batch, channels, length, state, delta_softplus;
    const float *u;
    const float *delta;
    const float *a;
    const float *b;
    const float *c;
    const float *d;
    const float *z;
    const float *delta_bias;
    const float *initial_state;
    float *out;
    float *last_state;
} gatun_cuda_selective_scan_params;

/* library.cu: identity and sizes */
GATUN_CUDA_API int32_t gatun_cuda_abi_version(void);
GATUN_CUDA_API int64_t gatun_cuda_params_size(int32_t kernel);

/* library.cu: the runtime calls Java needs, wrapped so that cudart is linked statically into this library */
GATUN_CUDA_API int32_t gatun_cuda_runtime_version(int32_t *version);
GATUN_CUDA_API int32_t gatun_cuda_driver_version(int32_t *version);
GATUN_CUDA_API int32_t gatun_cuda_device_count(int32_t *count);
/* name: 256 bytes; info: major, minor, multiprocessors, global memory bytes, shared memory per block (opt-in) */
GATUN_CUDA_API int32_t gatun_cuda_device_info(int32_t device, char *name, int64_t *info);
GATUN_CUDA_API int32_t gatun_cuda_set_device(int32_t device);
GATUN_CUDA_API const char *gatun_cuda_error_name(int32_t error);
GATUN_CUDA_API const char *gatun_cuda_error_string(int32_t error);
GATUN_CUDA_API int32_t gatun_cuda_malloc(void **ptr, int64_t bytes);
GATUN_CUDA_API int32_t gatun_cuda_free(void *ptr);
GATUN_CUDA_API int32_t gatun_cuda_memset(void *ptr, int32_t value, int64_t bytes, void *stream);
/* kind: 1 host to device, 2 device to host, 3 device to device; synchronous when stream is NULL */
GATUN_CUDA_API int32_t gatun_cuda_memcpy(void *dst, const void *src, int64_t bytes, int32_t kind, void *stream);
GATUN_CUDA_API int32_t gatun_cuda_stream_create(void **stream);
GATUN_CUDA_API int32_t gatun_cuda_stream_destroy(void *stream);
GATUN_CUDA_API int32_t gatun_cuda_stream_synchronize(void *stream);
GATUN_CUDA_API int32_t gatun_cuda_device_synchronize(void);

/* the kernels */
GATUN_CUDA_API int32_t gatun_cuda_gemm(const gatun_cuda_gemm_params *p, void *stream);
GATUN_CUDA_API int32_t gatun_cuda_grouped_gemm(const gatun_cuda_grouped_gemm_params *p, void *stream);
GATUN_CUDA_API int32_t gatun_cuda_attention(const gatun_cuda_attention_params *p, void *stream);
GATUN_CUDA_API int32_t gatun_cuda_rows(const gatun_cuda_rows_params *p, void *stream);
GATUN_CUDA_API int32_t gatun_cuda_elementwise(const gatun_cuda_elementwise_params *p, void *stream);
GATUN_CUDA_API int32_t gatun_cuda_selective_scan(const gatun_cuda_selective_scan_params *p, void *stream);

#ifdef __cplusplus
}
#endif

#endif
