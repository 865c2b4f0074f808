/*
 * mma.h of the CPU emulation: WMMA fragments as whole matrices. Every lane of a warp holds the full
 * fragment and does the same work, so the documented results of load_matrix_sync (row-major, leading
 * dimension ldm), mma_sync and store_matrix_sync come out, whatever the GPU's private layout is.
 */
#ifndef GATUN_CUDA_EMULATION_MMA_H
#define GATUN_CUDA_EMULATION_MMA_H

#include <cstring>
#include <type_traits>

namespace nvcuda {
namespace wmma {
struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
namespace precision {
struct tf32 {};
}
enum layout_t { mem_row_major };

template <typename Use, int M, int N, int K, typename T, typename Layout = void> struct fragment {
    static constexpr int rows = std::is_same<Use, matrix_b>::value ? K : M;
    static constexpr int cols = std::is_same<Use, matrix_a>::value ? K : N;
    static constexpr int num_elements = rows * cols;
    float x[rows * cols];
};

/* TF32: 10 mantissa bits, rounded to nearest */
inline float __float_to_tf32(float f) {
    unsigned u;
    std::memcpy(&u, &f, 4);
    u = (u + 0x1000u) & 0xffffe000u;
    std::memcpy(&f, &u, 4);
    return f;
}

template <typename F> void fill_fragment(F &f, float v) {
    for (float &e : f.x) {
        e = v;
    }
}

template <typename F, typename T> void load_matrix_sync(F &f, const T *p, unsigned ldm) {
    for (int r = 0; r < F::rows; r++) {
        for (int c = 0; c < F::cols; c++) {
            f.x[r * F::cols + c] = (float)p[r * ldm + c];
        }
    }
}

template <typename A, typename B, typename C> void mma_sync(C &d, const A &a, const B &b, const C &c) {
    C t = c;
    for (int i = 0; i < C::rows; i++) {
        for (int j = 0; j < C::cols; j++) {
            float s = t.x[i * C::cols + j];
            for (int k = 0; k < A::cols; k++) {
                s += a.x[i * A::cols + k] * b.x[k * B::cols + j];
            }
            t.x[i * C::cols + j] = s;
        }
    }
    d = t;
}

template <typename F> void store_matrix_sync(float *p, const F &f, unsigned ldm, layout_t) {
    for (int r = 0; r < F::rows; r++) {
        for (int c = 0; c < F::cols; c++) {
            p[r * ldm + c] = f.x[r * F::cols + c];
        }
    }
}
} // namespace wmma
} // namespace nvcuda

#endif
