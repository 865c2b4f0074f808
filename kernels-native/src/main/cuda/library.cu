/*
 * library.cu: the library's identity (ABI version, parameter-struct sizes) and thin wrappers of the CUDA
 * runtime calls the Java side needs. cudart is linked statically, so the jar's library needs only the
 * driver (libcuda) at run time, and Java never has to find a libcudart of the right version.
 */
#include "common.cuh"

extern "C" {

int32_t gatun_cuda_abi_version(void) {
    return GATUN_CUDA_ABI_VERSION;
}

int64_t gatun_cuda_params_size(int32_t kernel) {
    switch (kernel) {
    case GATUN_CUDA_K_GEMM:
        return sizeof(gatun_cuda_gemm_params);
    case GATUN_CUDA_K_GROUPED_GEMM:
        return sizeof(gatun_cuda_grouped_gemm_params);
    case GATUN_CUDA_K_ATTENTION:
        return sizeof(gatun_cuda_attention_params);
    case GATUN_CUDA_K_ROWS:
        return sizeof(gatun_cuda_rows_params);
    case GATUN_CUDA_K_ELEMENTWISE:
        return sizeof(gatun_cuda_elementwise_params);
    case GATUN_CUDA_K_SELECTIVE_SCAN:
        return sizeof(gatun_cuda_selective_scan_params);
    default:
        return -1;
    }
}

int32_t gatun_cuda_runtime_version(int32_t *version) {
    int v = 0;
    cudaError_t e = cudaRuntimeGetVersion(&v);
    *version = v;
    return (int32_t)e;
}

int32_t gatun_cuda_driver_version(int32_t *version) {
    int v = 0;
    cudaError_t e = cudaDriverGetVersion(&v);
    *version = v;
    return (int32_t)e;
}

int32_t gatun_cuda_device_count(int32_t *count) {
    int n = 0;
    cudaError_t e = cudaGetDeviceCount(&n);
    *count = e == cudaSuccess ? n : 0;
    return (int32_t)e;
}

int32_t gatun_cuda_device_info(int32_t device, char *name, int64_t *info) {
    cudaDeviceProp prop;
    cudaError_t e = cudaGetDeviceProperties(&prop, device);
    if (e != cudaSuccess) {
        return (int32_t)e;
    }
    int i = 0;
    for (; i < 255 && prop.name[i] != 0; i++) {
        name[i] = prop.name[i];
    }
    name[i] = 0;
    info[0] = prop.major;
    info[1] = prop.minor;
    info[2] = prop.multiProcessorCount;
    info[3] = (int64_t)prop.totalGlobalMem;
    info[4] = (int64_t)prop.sharedMemPerBlockOptin;
    return 0;
}

int32_t gatun_cuda_set_device(int32_t device) {
    return (int32_t)cudaSetDevice(device);
}

const char *gatun_cuda_error_name(int32_t error) {
    return cudaGetErrorName((cudaError_t)error);
}

const char *gatun_cuda_error_string(int32_t error) {
    return cudaGetErrorString((cudaError_t)error);
}

int32_t gatun_cuda_malloc(void **ptr, int64_t bytes) {
    *ptr = nullptr;
    return (int32_t)cudaMalloc(ptr, (size_t)bytes);
}

int32_t gatun_cuda_free(void *ptr) {
    return (int32_t)cudaFree(ptr);
}

int32_t gatun_cuda_memset(void *ptr, int32_t value, int64_t bytes, void *stream) {
    return (int32_t)cudaMemsetAsync(ptr, value, (size_t)bytes, (cudaStream_t)stream);
}

int32_t gatun_cuda_memcpy(void *dst, const void *src, int64_t bytes, int32_t kind, void *stream) {
    cudaMemcpyKind k = kind == 1 ? cudaMemcpyHostToDevice
                       : kind == 2 ? cudaMemcpyDeviceToHost
                       : kind == 3 ? cudaMemcpyDeviceToDevice
                                   : cudaMemcpyDefault;
    if (stream == nullptr) {
        return (int32_t)cudaMemcpy(dst, src, (size_t)bytes, k);
    }
    return (int32_t)cudaMemcpyAsync(dst, src, (size_t)bytes, k, (cudaStream_t)stream);
}

int32_t gatun_cuda_stream_create(void **stream) {
    cudaStream_t s = nullptr;
    cudaError_t e = cudaStreamCreate(&s);
    *stream = (void *)s;
    return (int32_t)e;
}

int32_t gatun_cuda_stream_destroy(void *stream) {
    return (int32_t)cudaStreamDestroy((cudaStream_t)stream);
}

int32_t gatun_cuda_stream_synchronize(void *stream) {
    return (int32_t)cudaStreamSynchronize((cudaStream_t)stream);
}

int32_t gatun_cuda_device_synchronize(void) {
    return (int32_t)cudaDeviceSynchronize();
}

} /* extern "C" */
