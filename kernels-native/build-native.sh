#!/bin/sh
# build-native.sh: compiles libgatun from src/main/c into the module's classes, so the jar carries it
# as /native/<os>-<arch>/libgatun.so. Run by Maven (exec-maven-plugin, compile phase) with any POSIX sh:
#
#   build-native.sh SOURCE_DIR OBJECT_DIR CLASSES_DIR
#
# Kernels listed in TWICE are compiled twice, as portable C and with -mavx2 -mfma -mf16c, and pick one
# at run time; sgemm has hand-written AVX2 in sgemm_avx2.c. Without a C compiler (CC, default gcc)
# the script prints one notice and succeeds: the jar then has no library and Gatun runs on pure Java.
# A compiler error in the sources fails the build. Nothing is rebuilt when the library is newer than
# every source and this script.
set -eu

src=$1
obj=$2
classes=$3
cc=${CC:-gcc}

notice() {
    echo "gatun: $1; native kernels not built, the pure-Java backend will be used"
    exit 0
}

command -v "$cc" >/dev/null 2>&1 || notice "C compiler '$cc' not found"
case "$(uname -s)" in
    Linux) os=linux lib=libgatun.so ;;
    Darwin) os=macos lib=libgatun.dylib ;;
    *) notice "unsupported operating system $(uname -s)" ;;
esac
case "$(uname -m)" in
    x86_64 | amd64) arch=x86_64 ;;
    aarch64 | arm64) arch=aarch64 ;;
    *) notice "unsupported architecture $(uname -m)" ;;
esac

dest="$classes/native/$os-$arch/$lib"
script=$0
if [ -f "$dest" ] && [ -z "$(find "$src" "$script" -newer "$dest" -type f -print | head -n 1)" ]; then
    exit 0
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
