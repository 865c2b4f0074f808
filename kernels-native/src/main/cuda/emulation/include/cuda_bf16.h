/* cuda_bf16.h of the CPU emulation: __nv_bfloat16 as its 16 bits, rounded to nearest-even. */
#ifndef GATUN_CUDA_EMULATION_BF16_H
#define GATUN_CUDA_EMULATION_BF16_H

#include <cstdint>
#include <cstring>

struct __nv_bfloat16 {
    uint16_t bits;
    operator float() const {
        uint32_t u = (uint32_t)bits << 16;
        float f;
        std::memcpy(&f, &u, 4);
        return f;
    }
};

inline float __bfloat162float(__nv_bfloat16 h) {
    return (float)h;
}

inline __nv_bfloat16 __float2bfloat16_rn(float f) {
    uint32_t u;
    std::memcpy(&u, &f, 4);
    u += 0x7fffu + ((u >> 16) & 1u);
    return __nv_bfloat16{(uint16_t)(u >> 16)};
}

#endif
