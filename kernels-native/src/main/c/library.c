/* library.c: what the Java side asks before the first kernel: ABI version, struct sizes, CPU features. */
#include "internal.h"

int32_t gatun_abi_version(void) {
    return GATUN_ABI_VERSION;
}

int64_t gatun_params_size(int32_t kernel) {
    switch (kernel) {
    case GATUN_K_SGEMM: return sizeof(gatun_sgemm_params);
    case GATUN_K_ATTENTION: return sizeof(gatun_attention_params);
    case GATUN_K_SOFTMAX: return sizeof(gatun_softmax_params);
    case GATUN_K_LAYER_NORM: return sizeof(gatun_layer_norm_params);
    case GATUN_K_RMS_NORM: return sizeof(gatun_rms_norm_params);
    case GATUN_K_ACTIVATION: return sizeof(gatun_activation_params);
    case GATUN_K_ROPE: return sizeof(gatun_rope_params);
    case GATUN_K_SELECTIVE_SCAN: return sizeof(gatun_selective_scan_params);
    case GATUN_K_QUANT_MATVEC: return sizeof(gatun_quant_matvec_params);
    default: return -1;
    }
}

int gt_cpu_has_avx2(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    static int cached = -1;
    int v = __atomic_load_n(&cached, __ATOMIC_RELAXED);
    if (v < 0) {
        __builtin_cpu_init();
        v = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
        __atomic_store_n(&cached, v, __ATOMIC_RELAXED);
    }
    return v;
#else
    return 0;
#endif
}

int32_t gatun_cpu_features(void) {
    return gt_cpu_has_avx2() ? 1 : 0;
}
