#!/usr/bin/env bash
# Forward latency of the standard vision models (random weights, 224x224, ImageNet-1k head): PyTorch
# (tests/baselines/torch_vision.py, Debian's torch on the CPU) against Gatun (dev.gatun.bench.VisionBench)
# with the best installed backend (native) and with the Java-only backend, on the same models, batches and
# thread counts, alternating between the engines so that all see the same machine. Prints every result
# line; docs/PERFORMANCE-vision.md records them.
#
#   tests/baselines/compare-vision.sh [--models vit-base,vit-small,swin-tiny] [--batches 1,8]
#                                     [--threads 1,2] [--seconds S] [--passes N]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
models="vit-base,vit-small,swin-tiny"
batches="1,8"
threads="1,2"
seconds=5
passes=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --models) models="$2"; shift 2 ;;
    --batches) batches="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --passes) passes="$2"; shift 2 ;;
    *) echo "compare-vision: unknown option $1" >&2; exit 2 ;;
  esac
done

source "$root/tests/baselines/jdk.sh" compare-vision

(cd "$root" && mvn -q -B -Dstyle.color=never -pl tests -am compile)
cp=""
for module in tensor models tokenizers engine kernels-native tests; do cp="$cp:$root/$module/target/classes"; done

gatun() {
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "${cp#:}" \
    dev.gatun.bench.VisionBench --models "$models" --batches "$batches" --threads "$1" --seconds "$seconds" \
    --backend "$2" 2>/dev/null | grep '^gatun'
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for pass in $(seq "$passes"); do
  for t in ${threads//,/ }; do
    # Debian's torch runs its BLAS on OpenBLAS threads that torch.set_num_threads does not limit.
    OMP_NUM_THREADS="$t" OPENBLAS_NUM_THREADS="$t" OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 \
      "$root/tests/baselines/torch_vision.py" --threads "$t" --models "$models" --batches "$batches" \
      --seconds "$seconds" 2>/dev/null
    gatun "$t" native
    gatun "$t" java
    echo "# load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  done
done
