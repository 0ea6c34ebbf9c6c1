#!/usr/bin/env bash
# scripts/fuzz.sh TARGET MINUTES [extra libFuzzer flags...]
#
# Runs one libFuzzer target (tests/fuzz/) for MINUTES minutes with ASan + UBSan and a 2 GB memory
# limit: exhausting memory is a bug like a crash. Needs Debian's clang
# (PERSONA_FUZZ_TOOLS=1 ./packaging/install-deps.sh). Builds in build-fuzz/ (clang, separate
# from build/). New corpus entries go to build-fuzz/corpus/TARGET (the seeds in
# tests/fuzz/corpus/TARGET are only read), crashes to build-fuzz/artifacts/TARGET/. Prints
# libFuzzer's final statistics: executions and peak RSS.
#
# Targets: safetensors shard_index torch_zip unpickler config_json tokenizer import_jsonl
#          import_tsv card_json card_png tokenizer_json chat_template  (or "list")
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
targets=(safetensors shard_index torch_zip unpickler config_json tokenizer import_jsonl import_tsv
         card_json card_png tokenizer_json chat_template)
if [[ $# -lt 2 || "${1:-}" == list ]]; then
  echo "usage: scripts/fuzz.sh TARGET MINUTES [libFuzzer flags]; targets: ${targets[*]}" >&2
  exit 2
fi
target=$1 minutes=$2
shift 2
if [[ ! " ${targets[*]} " =~ " ${target} " ]]; then
  echo "fuzz.sh: no target '$target'; targets: ${targets[*]}" >&2
  exit 2
fi
command -v clang++ >/dev/null || { echo "fuzz.sh: clang++ is missing (PERSONA_FUZZ_TOOLS=1 packaging/install-deps.sh)" >&2; exit 2; }

build=$root/build-fuzz
if [[ ! -f $build/build.ninja ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPERSONA_FUZZ=ON -DPERSONA_BUILD_UI=OFF >/dev/null
fi
cmake --build "$build" --target "fuzz_$target" -j"${PERSONA_JOBS:-2}"

mkdir -p "$build/corpus/$target" "$build/artifacts/$target"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
"$build/bin/fuzz_$target" \
  -rss_limit_mb=2048 -malloc_limit_mb=2048 -timeout=10 \
  -max_total_time=$((minutes * 60)) -print_final_stats=1 \
  -artifact_prefix="$build/artifacts/$target/" \
  "$@" "$build/corpus/$target" "$root/tests/fuzz/corpus/$target"
