#!/usr/bin/env bash
# Single-thread encode throughput (MB/s of UTF-8 text): Gatun's tokenizers (EncodeThroughput) against the
# Hugging Face tokenizers library (Rust, through DJL; tests/baselines/ort-minilm) on the same fixture
# corpus and tokenizer.json files, alternating so both see the same machine. docs/PERFORMANCE-tokenizers.md
# records the result.
#
#   tests/baselines/compare-tokenizers.sh [--passes N] [STEM...]     (default stems: all six fixtures)
#
# Needs network access the first time (Maven Central: DJL's tokenizers binding).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
passes=2
if [[ "${1:-}" == "--passes" ]]; then passes="$2"; shift 2; fi
stems=("$@")
if [[ ${#stems[@]} -eq 0 ]]; then
  stems=(all-minilm-l6-v2 gpt2 llama3 mistral-7b-v0.1 qwen3 unigram-bytefallback)
fi
source "$root/tests/baselines/jdk.sh" compare-tokenizers
res="$root/tokenizers/src/test/resources/tokenizers"
files=()
for s in "${stems[@]}"; do
  [[ -f "$res/$s.tokenizer.json" ]] || { echo "compare-tokenizers: no fixture $res/$s.tokenizer.json" >&2; exit 1; }
  files+=("$res/$s.tokenizer.json")
done
(cd "$root" && mvn -q -B -Dstyle.color=never -pl tokenizers -am test-compile)
cp="$root/tokenizers/target/classes:$root/tokenizers/target/test-classes:$root/tensor/target/classes"
echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) processors, load average $(cut -d' ' -f1-3 /proc/loadavg)"
for pass in $(seq "$passes"); do
  "$root/tests/baselines/ort-minilm/run.sh" tok-bench "$res/corpus.jsonl" "${files[@]}" 2>/dev/null | grep '^hf-tokenizers'
  java -cp "$cp" dev.gatun.tokenizers.EncodeThroughput "${stems[@]}" | sed -n 's/^/gatun /; /MB\/s/p'
done
