#!/usr/bin/env bash
# Sentence-embedding throughput of all-MiniLM-L6-v2: Gatun (dev.gatun.bench.MiniLmBench) against ONNX
# Runtime (tests/baselines/ort-minilm, a stand-alone Maven project outside Gatun's build) on the same
# workloads, alternating between the two so that both see the same machine, then Gatun's composed
# reference path once. Prints every result line; docs/PERFORMANCE-minilm.md records them.
#
#   tests/baselines/compare-minilm.sh [--passes N] [--seconds S] [--rounds R] [--threads 1,2]
#
# Needs network access the first time (Maven Central: the model artifact, ONNX Runtime).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
passes=2
bench_args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --passes) passes="$2"; shift 2 ;;
    *) bench_args+=("$1" "$2"); shift 2 ;;
  esac
done

source "$root/tests/baselines/jdk.sh" compare-minilm

# Gatun: build the modules and the benchmark, unpack the model artifact (test data), convert it.
(cd "$root" && mvn -q -B -Dstyle.color=never -pl tests -am test-compile)
model="$root/tests/target/minilm/model"
if [[ ! -f "$model/model.safetensors" ]]; then
  "$root/gatun" convert onnx "$root/tests/target/minilm/all-minilm-l6-v2.onnx" --out "$model" >/dev/null
fi
sentences="$root/tests/src/test/resources/minilm/reference-embeddings.jsonl"
cp=""
for module in tensor models tokenizers engine tests; do cp="$cp:$root/$module/target/classes"; done

echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for pass in $(seq "$passes"); do
  "$root/tests/baselines/ort-minilm/run.sh" ort-bench "$sentences" "${bench_args[@]}" 2>/dev/null | grep '^ort'
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "${cp#:}" \
    dev.gatun.bench.MiniLmBench "$model" "$sentences" "${bench_args[@]}" 2>/dev/null | grep '^gatun'
done
# The fused path on padded batches (the work ONNX Runtime does) and the composed reference path (BertModel
# as written, no fused kernels), once each, for scale.
for path in padded composed; do
  java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp "${cp#:}" \
    dev.gatun.bench.MiniLmBench "$model" "$sentences" "${bench_args[@]}" --path "$path" 2>/dev/null | grep '^gatun'
done

echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
