/*
 * gatun.h: the ABI of libgatun, Gatun's native CPU kernels.
 *
 * Every kernel takes one parameter struct (after mamba's SSMParamsBase) and returns a status code.
 * The Java bindings in dev.gatun.kernels.cpu lay out the same structs with StructLayouts; at load
 * time they compare their sizes with gatun_params_size(), so a mismatch disables the library
 * instead of corrupting memory. Keep each struct's fields in the order of the Java layout.
 *
 * Conventions for all kernels:
 *   - pointers point at the first element of a tensor view; strides are in ELEMENTS and may be
 *     any value the Java side validated (it checks every addressed element lies in its segment);
 *   - shape letters as in the rest of Gatun: B batch, H heads, T tokens, D head size, C channels;
 *   - every struct starts with gatun_exec: the thread count (the Java side's Parallel.threads())
 *     and the instruction set to use, so tests can run the portable path on any machine.
 */
#ifndef GATUN_H
#define GATUN_H

#include <stdint.h>

#define GATUN_ABI_VERSION 1

/* The library is built with -fvisibility=hidden: only the functions below are exported. */
#define GATUN_API __attribute__((visibility("default")))

/* Status codes. */
#define GATUN_OK 0
#define GATUN_ERR_NOMEM 1 /* a workspace could not be allocated */
#define GATUN_ERR_ARG 2   /* a parameter the Java side should have refused */

/* Element types of operands that may be narrow floats. */
#define GATUN_F32 0
#define GATUN_F16 1
#define GATUN_BF16 2

/* Instruction sets: best available (AVX2+FMA+F16C where the CPU has them) or portable C. */
#define GATUN_ISA_BEST 0
#define GATUN_ISA_GENERIC 1

/* Kernel identifiers for gatun_params_size(). */
enum gatun_kernel {
    GATUN_K_SGEMM = 0,
    GATUN_K_ATTENTION = 1,
    GATUN_K_SOFTMAX = 2,
    GATUN_K_LAYER_NORM = 3,
    GATUN_K_RMS_NORM = 4,
    GATUN_K_ACTIVATION = 5,
    GATUN_K_ROPE = 6,
    GATUN_K_SELECTIVE_SCAN = 7,
    GATUN_K_QUANT_MATVEC = 8,
    GATUN_K_COUNT = 9
};

typedef struct gatun_exec {
    int32_t threads; /* >= 1 */
    int32_t isa;     /* GATUN_ISA_* */
} gatun_exec;

/* C[b] = A[b] . B[b] (+ C[b] if accumulate); A m x k, B k x n, C m x n F32 with unit column stride. */
typedef struct gatun_sgemm_params {
    gatun_exec exec;
    int32_t batch, m, n, k;
    int32_t a_type, b_type; /* GATUN_F32 / F16 / BF16 */
    int32_t accumulate, reserved;
    const void *a;
    const void *b;
    float *c;
    int64_t a_batch_stride, a_row_stride, a_col_stride;
    int64_t b_batch_stride, b_row_stride, b_col_stride;
    int64_t c_batch_stride, c_row_stride;
} gatun_sgemm_params;

/*
 * Scaled-dot-product attention, flash style: out = softmax(q k^T * scale + mask) v.
 * q (B, H, Tq, D), k (B, Hkv, Tk, D), v (B, Hkv, Tk, Dv), out (B, H, Tq, Dv); head h reads kv head
 * h / (H / Hkv). Query i sits at position i + (Tk - Tq) (bottom-right aligned, as in a KV cache).
 * Masks: causal (key position <= query position), window (|query pos - key pos| < window when > 0),
 * key_mask (B, Tk) bytes, nonzero = may attend, block_mask (ceil(Tq/bs), ceil(Tk/bs)) bytes, nonzero =
 * the block is computed. A query row that can attend to no key gets zeros.
 */
typedef struct gatun_attention_params {
    gatun_exec exec;
    int32_t batch, heads, kv_heads, tq, tk, d, dv;
    int32_t causal, window, block_size;
    float scale;
    int32_t reserved;
    const float *q;
    const float *k;
    const float *v;
    float *out;
    const uint8_t *key_mask;   /* may be NULL */
    const uint8_t *block_mask; /* may be NULL */
    int64_t q_strides[4], k_strides[4], v_strides[4], out_strides[4];
    int64_t key_mask_strides[2], block_mask_strides[2];
} gatun_attention_params;

/* Row-wise kernels work on (rows, cols) views: element (r, c) at ptr[r * row_stride + c * col_stride]. */
typedef struct gatun_rows {
    int64_t rows, cols;
    int64_t x_row_stride, x_col_stride;
    int64_t out_row_stride, out_col_stride;
} gatun_rows;

/* softmax along the last dimension. */
typedef struct gatun_softmax_params {
    gatun_exec exec;
    gatun_rows shape;
    const float *x;
    float *out;
} gatun_softmax_params;

/* layer_norm over the last dimension: (x - mean) / sqrt(var + eps) * weight + bias. */
typedef struct gatun_layer_norm_params {
    gatun_exec exec;
    gatun_rows shape;
    float eps;
    int32_t reserved;
    const float *x;
    const float *weight; /* (cols) or NULL */
    const float *bias;   /* (cols) or NULL */
    float *out;
    int64_t weight_stride, bias_stride;
} gatun_layer_norm_params;

/* rms_norm over the last dimension: x / sqrt(mean(x^2) + eps) * weight. */
typedef struct gatun_rms_norm_params {
    gatun_exec exec;
    gatun_rows shape;
    float eps;
    int32_t reserved;
    const float *x;
    const float *weight; /* (cols) or NULL */
    float *out;
    int64_t weight_stride;
} gatun_rms_norm_params;

#define GATUN_ACT_GELU 0      /* x/2 (1 + erf(x / sqrt 2)) */
#define GATUN_ACT_GELU_TANH 1 /* x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) */
#define GATUN_ACT_SILU 2      /* x sigmoid(x) */

typedef struct gatun_activation_params {
    gatun_exec exec;
    gatun_rows shape;
    int32_t kind;
    int32_t reserved;
    const float *x;
    float *out;
} gatun_activation_params;

/*
 * RoPE, rotate-half (Llama / GPT-NeoX): for i < R/2, with c = cos[pos][i], s = sin[pos][i]:
 *   out[i] = x[i] c - x[i + R/2] s,   out[i + R/2] = x[i + R/2] c + x[i] s,
 * where R = 2 * table_cols is the rotary dimension; elements R..D-1 are copied. x, out (B, H, T, D);
 * positions (B, T) int64 (batch stride may be 0); cos, sin (P, R/2).
 */
typedef struct gatun_rope_params {
    gatun_exec exec;
    int32_t batch, heads, tokens, d, table_cols, table_rows;
    const float *x;
    float *out;
    const float *cos;
    const float *sin;
    const int64_t *positions;
    int64_t x_strides[4], out_strides[4];
    int64_t cos_strides[2], sin_strides[2], position_strides[2];
} gatun_rope_params;

/*
 * Mamba's selective scan (selective_scan_ref in mamba_ssm): for each (b, d) and step l,
 *   dt = delta + delta_bias (softplus'd if delta_softplus), x = exp(dt A) x + dt B u,
 *   y = C . x + D u, y *= silu(z);  out (B, C, L), last_state (B, C, N).
 * u, delta, z (B, C, L); A (C, N); B_, C_ (B, N, L); D, delta_bias (C); initial_state (B, C, N).
 */
typedef struct gatun_selective_scan_params {
    gatun_exec exec;
    int32_t batch, channels, length, state;
    int32_t delta_softplus, reserved;
    const float *u;
    const float *delta;
    const float *a;
    const float *b;
    const float *c;
    const float *d;             /* may be NULL */
    const float *z;             /* may be NULL */
    const float *delta_bias;    /* may be NULL */
    const float *initial_state; /* may be NULL (zeros) */
    float *out;
    float *last_state;          /* may be NULL */
    int64_t u_strides[3], delta_strides[3], a_strides[2], b_strides[3], c_strides[3];
    int64_t d_stride, z_strides[3], delta_bias_stride, initial_state_strides[3];
    int64_t out_strides[3], last_state_strides[3];
} gatun_selective_scan_params;

#define GATUN_Q8_0 0 /* blocks of 32: fp16 scale + 32 int8 (34 bytes) */
#define GATUN_Q4_0 1 /* blocks of 32: fp16 scale + 16 bytes of 4-bit values, offset 8 (18 bytes) */

/* out (m, n) = x (m, k) . W^T, W (n, k) quantized row by row; k is a multiple of 32. */
typedef struct gatun_quant_matvec_params {
    gatun_exec exec;
    int32_t format, m, n, k;
    const uint8_t *w;
    const float *x;
    float *out;
    int64_t w_row_bytes;
    int64_t x_row_stride, x_col_stride;
    int64_t out_row_stride, out_col_stride;
} gatun_quant_matvec_params;

GATUN_API int32_t gatun_abi_version(void);
/* sizeof the parameter struct of a kernel (enum gatun_kernel), or -1. */
GATUN_API int64_t gatun_params_size(int32_t kernel);
/* Bit 0: AVX2+FMA+F16C usable on this CPU. */
GATUN_API int32_t gatun_cpu_features(void);

GATUN_API int32_t gatun_sgemm(const gatun_sgemm_params *p);
GATUN_API int32_t gatun_attention(const gatun_attention_params *p);
GATUN_API int32_t gatun_softmax(const gatun_softmax_params *p);
GATUN_API int32_t gatun_layer_norm(const gatun_layer_norm_params *p);
GATUN_API int32_t gatun_rms_norm(const gatun_rms_norm_params *p);
GATUN_API int32_t gatun_activation(const gatun_activation_params *p);
GATUN_API int32_t gatun_rope(const gatun_rope_params *p);
GATUN_API int32_t gatun_selective_scan(const gatun_selective_scan_params *p);
GATUN_API int32_t gatun_quant_matvec(const gatun_quant_matvec_params *p);

#endif
