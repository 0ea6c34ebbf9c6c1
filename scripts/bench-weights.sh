#!/usr/bin/env bash
# The decode table of issue 17: persona-cli bench decode for every config x decode weights
# (f32 f16 bf16 int8) on THREADS threads, REPEATS times interleaved (a burst of load from
# elsewhere hits every variant alike), medians printed as the Markdown table of docs/PERFORMANCE.md,
# with the machine's load (1-minute average from /proc/loadavg) beside each figure: figures taken
# under load are not comparable. Run it on a quiet machine.
#
# usage: scripts/bench-weights.sh [build-dir] [out-dir]
#   build-dir  holds bin/persona-cli (default: build)
#   out-dir    receives every JSON document (default: bench-results/weights-<UTC time>)
# env: THREADS=2 REPEATS=3 CONFIGS="gpt2 gpt2-medium gpt2-large" WEIGHTS="f32 f16 bf16 int8"
#      PROMPT_TOKENS=128 NEW_TOKENS=128
set -euo pipefail
build=${1:-build}
out=${2:-bench-results/weights-$(date -u +%Y%m%dT%H%M%SZ)}
threads=${THREADS:-2}
repeats=${REPEATS:-3}
configs=${CONFIGS:-gpt2 gpt2-medium gpt2-large}
weights=${WEIGHTS:-f32 f16 bf16 int8}
cli=$build/bin/persona-cli
[[ -x $cli ]] || { echo "bench-weights.sh: $cli not found; build persona-cli first" >&2; exit 2; }
mkdir -p "$out"
echo "date: $(date -u +%FT%TZ); cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');" \
     "cores: $(nproc); threads: $threads; load before: $(cut -d' ' -f1-3 /proc/loadavg)" > "$out/machine.txt"

for r in $(seq 1 "$repeats"); do
  for c in $configs; do
    for w in $weights; do
      f="$out/$c-$w-r$r.json"
      echo "+ $c $w (repeat $r)" >&2
      load=$(cut -d' ' -f1 /proc/loadavg)
      if "$cli" bench decode --config "$c" --weights "$w" --threads "$threads" \
           --prompt-tokens "${PROMPT_TOKENS:-128}" --new-tokens "${NEW_TOKENS:-128}" > "$f.tmp" 2> "$out/$c-$w-r$r.err"; then
        jq --arg load "$load" --arg after "$(cut -d' ' -f1 /proc/loadavg)" \
           '. + {load_before: ($load|tonumber), load_after: ($after|tonumber)}' "$f.tmp" > "$f"
      else
        echo "  failed (see $out/$c-$w-r$r.err)" >&2
      fi
      rm -f "$f.tmp"
    done
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out/machine.txt"

python3 - "$out" "$configs" "$weights" <<'PY'
import json, pathlib, statistics, sys
out, configs, weights = pathlib.Path(sys.argv[1]), sys.argv[2].split(), sys.argv[3].split()
print((out / "machine.txt").read_text().strip().replace("\n", "; "))
print()
print("| config | weights | weight MB read | bytes/token MB | triad GB/s | roofline tok/s | decode tok/s | "
      "of roofline | x F32 | ms/token p50 | load (1 min) |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")
med = lambda docs, k: statistics.median(d[k] for d in docs)
for c in configs:
    base = None
    for w in weights:
        docs = [json.loads(p.read_text()) for p in sorted(out.glob(f"{c}-{w}-r*.json"))]
        if not docs:
            print(f"| {c} | {w} | failed | | | | | | | | |")
            continue
        tok = med(docs, "decode_tok_s")
        base = tok if w == "f32" else base
        speedup = f"{tok / base:.2f}" if base else ""
        loads = "-".join(f"{min(d['load_before'], d['load_after']):.1f}" for d in docs[:1]) + \
                f" .. {max(max(d['load_before'], d['load_after']) for d in docs):.1f}"
        print(f"| {c} | {w} | {med(docs, 'weight_bytes') / 1e6:.0f} | {med(docs, 'bytes_per_token') / 1e6:.0f} | "
              f"{med(docs, 'bandwidth_GBs'):.1f} | {med(docs, 'roofline_tok_s'):.1f} | {tok:.1f} | "
              f"{med(docs, 'roofline_ratio'):.2f} | {speedup} | {med(docs, 'ms_per_token_p50'):.1f} | {loads} |")
PY
