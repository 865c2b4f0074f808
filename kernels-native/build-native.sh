#!/bin/sh
# build-native.sh: compiles libgatun from src/main/c, and libgatun_cuda from src/main/cuda when nvcc is
# there, into the module's classes, so the jar carries them as /native/<os>-<arch>/libgatun.so and
# libgatun_cuda.so. Run by Maven (exec-maven-plugin, compile phase) with any POSIX sh:
#
#   build-native.sh SOURCE_DIR OBJECT_DIR CLASSES_DIR [CUDA_SOURCE_DIR]
#
# Kernels listed in TWICE are compiled twice, as portable C and with -mavx2 -mfma -mf16c, and pick one
# at run time; sgemm has hand-written AVX2 in sgemm_avx2.c. Without a C compiler (CC, default gcc)
# the script prints one notice and goes on: the jar then has no libgatun and Gatun runs on pure Java.
# A compiler error in the C sources fails the build. Nothing is rebuilt when a library is newer than
# every source and this script.
#
# The CUDA step (Linux only) compiles every .cu, NVCC_JOBS (default 2) at a time, with nvcc (NVCC, default
# nvcc, else /usr/local/cuda/bin/nvcc) for Hopper: sm_90 machine code plus compute_90 PTX, which the driver compiles
# for newer GPUs. The CUDA runtime is linked statically, so the library needs only the driver at run time.
# Without nvcc, or when nvcc fails (its messages go to OBJECT_DIR/cuda/nvcc.log), it prints one notice and
# the build passes; the cuda backend then reports itself unavailable.
set -eu

src=$1
obj=$2
classes=$3
cc=${CC:-gcc}

cuda_src=${4:-}
script=$0

case "$(uname -s)" in
    Linux) os=linux lib=libgatun.so ;;
    Darwin) os=macos lib=libgatun.dylib ;;
    *) echo "gatun: unsupported operating system $(uname -s); native kernels not built"; exit 0 ;;
esac
case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) echo "gatun: unsupported architecture $(uname -m); native kernels not built"; exit 0 ;;
esac

# up_to_date LIBRARY SOURCE_DIR: whether LIBRARY exists and is newer than the sources and this script
up_to_date() {
    [ -f "$1" ] && [ -z "$(find "$2" "$script" -newer "$1" -type f -print | head -n 1)" ]
}

build_c() {
    dest="$classes/native/$os-$arch/$lib"
    if ! command -v "$cc" >/dev/null 2>&1; then
        echo "gatun: C compiler '$cc' not found; native kernels not built, the pure-Java backend will be used"
        return 0
    fi
    if up_to_date "$dest" "$src"; then
        return 0
    fi

    ONCE="library threadpool sgemm"
    TWICE="flash_attention softmax layer_norm rms_norm activation rope selective_scan quant_matvec"
    CFLAGS="-O3 -fPIC -std=gnu11 -Wall -Wextra -Werror=implicit-function-declaration -fno-math-errno -fno-trapping-math
            -fopenmp-simd -fvisibility=hidden -I$src"
    AVX2="-DGT_AVX2 -mavx2 -mfma -mf16c"

    mkdir -p "$obj" "$(dirname "$dest")"
    rm -f "$obj"/*.o
    objects=""
    compile() { # compile OUT SOURCE FLAGS...
        out=$1
        source=$2
        shift 2
        # shellcheck disable=SC2086
        "$cc" $CFLAGS "$@" -c "$source" -o "$out"
        objects="$objects $out"
    }
    for name in $ONCE; do
        compile "$obj/$name.o" "$src/$name.c"
    done
    for name in $TWICE; do
        compile "$obj/${name}_generic.o" "$src/$name.c"
    done
    if [ "$arch" = x86_64 ]; then
        compile "$obj/sgemm_avx2.o" "$src/sgemm_avx2.c" $AVX2
        for name in $TWICE; do
            compile "$obj/${name}_avx2.o" "$src/$name.c" $AVX2
        done
    fi

    if [ "$os" = linux ]; then
        ldflags="-shared -Wl,--no-undefined -Wl,-z,noexecstack"
    else
        ldflags="-dynamiclib"
    fi
    # shellcheck disable=SC2086
    "$cc" $ldflags -o "$dest.tmp" $objects -lpthread -lm
    mv -f "$dest.tmp" "$dest"
}

build_cuda() {
    [ -n "$cuda_src" ] && [ -d "$cuda_src" ] || return 0
    cuda_notice() {
        echo "gatun: $1; CUDA kernels not built, the cuda backend will report itself unavailable"
    }
    nvcc=${NVCC:-nvcc}
    if ! command -v "$nvcc" >/dev/null 2>&1; then
        if [ -z "${NVCC:-}" ] && [ -x /usr/local/cuda/bin/nvcc ]; then
            nvcc=/usr/local/cuda/bin/nvcc
        else
            cuda_notice "nvcc not found"
            return 0
        fi
    fi
    if [ "$os" != linux ]; then
        cuda_notice "CUDA kernels are built on Linux only"
        return 0
    fi
    cuda_dest="$classes/native/$os-$arch/libgatun_cuda.so"
    if up_to_date "$cuda_dest" "$cuda_src"; then
        return 0
    fi
    cuda_obj="$obj/cuda"
    log="$cuda_obj/nvcc.log"
    mkdir -p "$cuda_obj" "$(dirname "$cuda_dest")"
    rm -f "$cuda_obj"/*.o "$cuda_obj"/*.log
    cuda_flags="-O3 -std=c++17 -gencode arch=compute_90,code=sm_90 -gencode arch=compute_90,code=compute_90 -Xcompiler -fPIC,-fvisibility=hidden"
    compile_cu() { # compile_cu SOURCE: SOURCE's object and its own log in $cuda_obj
        name=$(basename "$1" .cu)
        # shellcheck disable=SC2086
        "$nvcc" $cuda_flags -I"$cuda_src" -c "$1" -o "$cuda_obj/$name.o" >"$cuda_obj/$name.log" 2>&1
    }
    # NVCC_JOBS (default 2) compilations at a time
    failed=""
    set --
    for source in "$cuda_src"/*.cu; do
        compile_cu "$source" &
        set -- "$@" $!
        if [ $# -ge "${NVCC_JOBS:-2}" ]; then
            for pid in "$@"; do wait "$pid" || failed=1; done
            set --
        fi
    done
    for pid in "$@"; do wait "$pid" || failed=1; done
    cat "$cuda_obj"/*.log >"$log" 2>/dev/null || true
    if [ -n "$failed" ]; then
        cuda_notice "nvcc failed (see $log)"
        return 0
    fi
    cuda_objects=$(find "$cuda_obj" -name '*.o' | sort | tr '\n' ' ')
    # shellcheck disable=SC2086
    if ! "$nvcc" -shared -cudart static -o "$cuda_dest.tmp" $cuda_objects \
            -Xlinker --no-undefined,--exclude-libs,ALL,-z,noexecstack >>"$log" 2>&1; then
        cuda_notice "linking libgatun_cuda failed (see $log)"
        return 0
    fi
    mv -f "$cuda_dest.tmp" "$cuda_dest"
}

build_c
build_cuda
