#!/usr/bin/env bash
# compare-matmul.sh: matrix-product throughput of Gatun's pure-Java backend, its native backend and
# OpenBLAS, side by side, measured one after the other in the same run (the machine may be shared: only
# ratios within one run are meaningful).
#
#   kernels-native/bench/compare-matmul.sh [--threads 1,2] [--budget-ms 2000] [--no-java] [--shapes ...]
#
# Shapes are MxNxK:nn (C = A·B) or MxNxK:nt (C = x·Wᵀ with W a row-major (N, K) weight, as a Linear);
# the default set is 1024³, the ViT-B projections 197x768x768 and 197x3072x768 (x·Wᵀ), and the decode
# matrix-vector products 1x4096x4096 in both layouts. Needs JDK 25+ (JAVA_HOME), Maven, gcc and
# OpenBLAS's development files (libopenblas-dev); OpenBLAS is used by this baseline only.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"
java_home=${JAVA_HOME:-}
if [ -z "$java_home" ] || [ "$("$java_home/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)" -lt 25 ]; then
    echo "compare-matmul: set JAVA_HOME to a JDK 25 or newer" >&2
    exit 1
fi
export JAVA_HOME=$java_home PATH="$java_home/bin:$PATH"
mkdir -p kernels-native/target
log=kernels-native/target/compare-matmul-build.log
if ! MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" mvn -B -Dstyle.color=never -pl kernels-native -am \
    compile >"$log" 2>&1; then
    cat "$log" >&2
    exit 1
fi
gcc -O2 kernels-native/bench/openblas_sgemm.c -o kernels-native/target/openblas_sgemm -lopenblas
echo "compare-matmul: $(uname -m), $(nproc) processors, $(java -version 2>&1 | head -n 1)"
java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -Xss8m \
    -cp tensor/target/classes:kernels-native/target/classes \
    kernels-native/bench/CompareMatmul.java --baseline kernels-native/target/openblas_sgemm "$@" \
    2> >(grep -v 'Using incubator modules' >&2)
