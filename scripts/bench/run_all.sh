#!/usr/bin/env bash
# Runs every benchmark of issue 7 side by side and writes docs/PERFORMANCE.md-ready tables:
#   persona-cli bench decode   (gpt2, gpt2-medium; fused step and torch-ops path; 1 and all threads)
#   the Python peer            (scripts/bench/peer_gpt2.py on Debian's python3-torch, same shapes)
#   persona-cli bench retrieval --facts 100000 --dim 312 (fact vectors as F32 and as F16)
# Each configuration runs REPEATS times (default 3), interleaved so that a burst of load from
# elsewhere hits every implementation alike; the tables report medians. The machine's load
# (uptime) is recorded before and after: numbers taken under load are not comparable.
#
# usage: scripts/bench/run_all.sh [build-dir] [out-dir]
#   build-dir  holds bin/persona-cli (default: build)
#   out-dir    receives every JSON document and tables.md (default: bench-results/<UTC time>)
# env: REPEATS=3  NEW_TOKENS=128  PROMPT_TOKENS=128  PYTHON=/usr/bin/python3  SKIP_MEDIUM=0
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-build}
out=${2:-bench-results/$(date -u +%Y%m%dT%H%M%SZ)}
repeats=${REPEATS:-3}
new=${NEW_TOKENS:-128}
prompt=${PROMPT_TOKENS:-128}
python=${PYTHON:-/usr/bin/python3}
cli=$build/bin/persona-cli
[[ -x $cli ]] || { echo "run_all.sh: $cli not found; build persona-cli first" >&2; exit 2; }
"$python" -c "import torch" 2>/dev/null || { echo "run_all.sh: $python has no torch (apt install python3-torch)" >&2; exit 2; }
mkdir -p "$out"
cores=$(nproc)

{
  echo "date: $(date -u +%FT%TZ)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "cores: $cores"
  echo "torch (python): $("$python" -c 'import torch;print(torch.__version__)')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out/machine.txt"

run() {  # run <file> <command...>: one JSON document per file; a failure is recorded, not fatal
  local file=$1; shift
  echo "+ $*" >&2
  if ! "$@" > "$out/$file" 2> "$out/${file%.json}.err"; then
    echo "  failed (see $out/${file%.json}.err)" >&2
    rm -f "$out/$file"
  fi
}

for r in $(seq 1 "$repeats"); do
  for t in 1 "$cores"; do
    common=(--prompt-tokens "$prompt" --new-tokens "$new" --threads "$t")
    run "decode-gpt2-auto-t$t-r$r.json" "$cli" bench decode --config gpt2 "${common[@]}"
    run "decode-gpt2-torch-t$t-r$r.json" "$cli" bench decode --config gpt2 --kernel torch "${common[@]}"
    run "peer-gpt2-t$t-r$r.json" "$python" "$here/peer_gpt2.py" --config gpt2 "${common[@]}"
    [[ $t == 1 && $cores == 1 ]] && break
  done
  run "decode-gpt2-generic-t$cores-r$r.json" "$cli" bench decode --config gpt2 --kernel generic \
    --prompt-tokens "$prompt" --new-tokens "$new" --threads "$cores"
  if [[ ${SKIP_MEDIUM:-0} != 1 ]]; then
    common=(--prompt-tokens "$prompt" --new-tokens "$new" --threads "$cores")
    run "decode-gpt2-medium-auto-t$cores-r$r.json" "$cli" bench decode --config gpt2-medium "${common[@]}"
    run "peer-gpt2-medium-t$cores-r$r.json" "$python" "$here/peer_gpt2.py" --config gpt2-medium "${common[@]}"
  fi
  for storage in f32 f16; do
    run "retrieval-$storage-t$cores-r$r.json" "$cli" bench retrieval --facts 100000 --dim 312 \
      --storage "$storage" --threads "$cores"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

"$python" "$here/make_tables.py" "$out" > "$out/tables.md"
cat "$out/tables.md"
echo "results: $out" >&2
