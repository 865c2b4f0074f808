#!/usr/bin/env bash
# Gatun's matmul kernels side by side with OpenBLAS, measured in the same run on the same machine.
#
# Usage: tests/baselines/compare-matmul.sh [--seconds S] [--rounds R] [--threads "1 2"] [--interleaved] [SHAPE...]
#   SHAPE is MxNxK[:bf16|:f16][:nt] (see GemmBenchmark); default: the suite in docs/PERFORMANCE-matmul.md.
#   For each thread count it measures the STREAM triad bandwidth, then each shape with OpenBLAS
#   (sgemm, or sgemv for M=1; always F32 weights) and with Gatun, alternating R times (each a median
#   over S seconds of calls), and prints a Markdown table of the best round of each. Machines are shared
#   and noisy: other work only ever slows a round down, so the best of a few alternating rounds is the
#   fairest figure for both sides; still, rerun when `uptime` shows a high load.
#   --interleaved: instead, one JVM per thread count calls OpenBLAS (through FFM) and Gatun on the same
#   data in alternating 300 ms windows (dev.gatun.bench.OpenBlasInterleaved) and also reports the median
#   of the per-round ratios, which stays steady on a busy machine; R is then the number of window pairs.
# Needs gcc and OpenBLAS (Debian: apt-get install -y libopenblas-dev, done here when run as root).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/baselines"
out="$root/tests/target/baselines"

seconds=2
rounds=3
threads="1 2"
interleaved=false
shapes=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --interleaved) interleaved=true; shift ;;
    *) shapes+=("$1"); shift ;;
  esac
done
if [[ ${#shapes[@]} -eq 0 ]]; then
  shapes=(1024x1024x1024 197x768x768:nt 197x3072x768:nt 197x768x768 197x3072x768
          1x4096x4096:nt 1x4096x4096:bf16:nt 1x4096x4096 1x4096x4096:bf16)
fi

source "$root/tests/baselines/jdk.sh" compare-matmul

if ! echo '#include <cblas.h>' | gcc -E -x c - >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get install -y libopenblas-dev >/dev/null
  else
    echo "compare-matmul: OpenBLAS headers missing: apt-get install libopenblas-dev" >&2; exit 1
  fi
fi
mkdir -p "$out"
gcc -O2 -march=native -o "$out/sgemm_openblas" "$here/sgemm_openblas.c" -lopenblas
gcc -O2 -march=native -fopenmp -o "$out/stream_triad" "$here/stream_triad.c"
(cd "$root" && mvn -q -B -o -pl tensor compile)

field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p"; }
gatun() {
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$root/tensor/target/classes" \
    dev.gatun.tensor.kernels.GemmBenchmark --json --seconds "$seconds" --threads "$1" "$2" 2>/dev/null
}

echo "# $(date -u +%Y-%m-%dT%H:%MZ) $(uname -n), $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $("$out/sgemm_openblas" --config); JDK: $(java -version 2>&1 | head -1)"
echo
best() { sort -g | tail -1; }

if $interleaved; then
  (cd "$root" && mvn -q -B -o -pl tests -am package -DskipTests)
  cp="$root/tests/target/classes:$(cat "$root/tests/target/classpath.txt")"
  echo "| shape | threads | OpenBLAS GFLOP/s | Gatun GFLOP/s | best / best | median of round ratios | OpenBLAS GB/s | Gatun GB/s | triad GB/s |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for t in $threads; do
    triad=$(for r in 1 2 3; do OMP_NUM_THREADS=$t "$out/stream_triad" | field triad_gbps; done | best)
    OPENBLAS_THREAD_TIMEOUT=4 java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "$cp" \
      dev.gatun.bench.OpenBlasInterleaved --threads "$t" --rounds "$((rounds < 5 ? 9 : rounds))" "${shapes[@]}" 2>/dev/null |
    while read -r line; do
      obf=$(echo "$line" | field openblas_gflops); gaf=$(echo "$line" | field gatun_gflops)
      ratio=$(awk -v g="$gaf" -v o="$obf" 'BEGIN { printf "%.2f", g / o }')
      med=$(echo "$line" | field ratio_median)
      echo "| $(echo "$line" | field shape) | $t | $obf | $gaf | $ratio | $med | $(echo "$line" | field openblas_gbps) | $(echo "$line" | field gatun_gbps) | $triad |"
    done
  done
  echo
  echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  exit 0
fi

echo "| shape | threads | OpenBLAS GFLOP/s | Gatun GFLOP/s | Gatun / OpenBLAS | OpenBLAS GB/s | Gatun GB/s | triad GB/s |"
echo "|---|---|---|---|---|---|---|---|"
for t in $threads; do
  triad=$(for r in $(seq "$rounds"); do OMP_NUM_THREADS=$t "$out/stream_triad" | field triad_gbps; done | best)
  for shape in "${shapes[@]}"; do
    base="${shape/:bf16/}"; base="${base/:f16/}"
    obs=(); gas=()
    for r in $(seq "$rounds"); do
      obs+=("$(OPENBLAS_NUM_THREADS=$t "$out/sgemm_openblas" "$seconds" "$base")")
      gas+=("$(gatun "$t" "$shape")")
    done
    obf=$(printf '%s\n' "${obs[@]}" | field gflops | best); gaf=$(printf '%s\n' "${gas[@]}" | field gflops | best)
    obb=$(printf '%s\n' "${obs[@]}" | field weight_gbps | best); gab=$(printf '%s\n' "${gas[@]}" | field weight_gbps | best)
    ratio=$(awk -v g="$gaf" -v o="$obf" 'BEGIN { printf "%.2f", g / o }')
    echo "| $shape | $t | $obf | $gaf | $ratio | $obb | $gab | $triad |"
  done
done
echo
echo "# load at end: $(cut -d' ' -f1-3 /proc/loadavg)"
