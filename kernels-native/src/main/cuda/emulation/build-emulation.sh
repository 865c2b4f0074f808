#!/bin/sh
# build-emulation.sh: builds libgatun_cuda for the CPU, from the very sources in src/main/cuda, so that the
# CUDA kernels' logic and the whole Java side can be tested on a machine without a GPU:
#
#   build-emulation.sh OUT_DIR          # writes OUT_DIR/libgatun_cuda.so (needs g++ 12 or newer)
#
# Each .cu is copied with its launches rewritten (kernel<<<grid, threads, 0, stream>>>(*p) becomes
# gt_emulate(kernel, grid, threads, *p)) and compiled as C++20 against include/, which stands in for
# cuda_runtime.h, cuda_fp16.h, cuda_bf16.h and mma.h (see include/cuda_runtime.h). To run the CUDA tests
# on it, name it in GATUN_CUDA_LIBRARY, which the Java side loads instead of the jar's library:
#
#   sh kernels-native/src/main/cuda/emulation/build-emulation.sh /tmp/emulated
#   GATUN_CUDA_LIBRARY=/tmp/emulated/libgatun_cuda.so \
#       mvn -q -o -pl kernels-native -am test -Dtest='Cuda*' -Dsurefire.failIfNoSpecifiedTests=false
#
# CudaRuntime then reports "CPU emulation of a GPU" and every GPU test runs (slowly: a thread per CUDA
# thread). What the emulation cannot show: speed, the GPU's memory model beyond barriers, and the tensor
# cores' own rounding.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cuda=$(dirname "$here")
out=$1
cxx=${CXX:-g++}
mkdir -p "$out"
objects=""
for source in "$cuda"/*.cu; do
    name=$(basename "$source" .cu)
    sed -E 's/([A-Za-z_][A-Za-z_0-9]*(<[^<>]*>)?)<<<(.*), 0, [^>]*>>>\(\*p\)/gt_emulate(\1, \3, *p)/' "$source" >"$out/$name.cpp"
    "$cxx" -std=c++20 -O2 -fPIC -fvisibility=hidden -w -x c++ -I"$here/include" -I"$cuda" -c "$out/$name.cpp" -o "$out/$name.o"
    objects="$objects $out/$name.o"
done
# shellcheck disable=SC2086
"$cxx" -shared -o "$out/libgatun_cuda.so" $objects -lpthread
echo "$out/libgatun_cuda.so"
