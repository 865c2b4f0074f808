/* cuda_fp16.h of the CPU emulation: __half as the compiler's _Float16 (same bits as on the GPU). */
#ifndef GATUN_CUDA_EMULATION_FP16_H
#define GATUN_CUDA_EMULATION_FP16_H

struct __half {
    _Float16 v;
    operator float() const { return (float)v; }
};

inline float __half2float(__half h) {
    return (float)h.v;
}

inline __half __float2half_rn(float f) {
    return __half{(_Float16)f};
}

#endif
