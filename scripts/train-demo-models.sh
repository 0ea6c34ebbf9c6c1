#!/usr/bin/env bash
# Re-creates the bundled demo models (resources/models/) from scratch on the MIT data in
# ../shared/data: a SentencePiece tokenizer, a small GPT-2 generator and a small BERT bi-encoder.
# Takes about 30-40 minutes on a 2-core machine (see resources/models/README.md for the measured time). Usage:
#   scripts/train-demo-models.sh [OUT_DIR]     (default: resources/models)
# Environment: SHARED_DATA (default ../shared/data), PERSONA_CLI (default build/bin/persona-cli),
# GEN_EPOCHS, RET_EPOCHS to shorten or lengthen the runs.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-resources/models}
data=${SHARED_DATA:-../shared/data}
cli=${PERSONA_CLI:-build/bin/persona-cli}
work=$(mktemp -d /tmp/persona-demo.XXXXXX)
dialogs=$data/dialogs/itmo_persona_dialogs.jsonl
texts=("$data/corpus/itmo_knowledge.txt" "$data/corpus/russian_forum_nlp.json")
# Not the Toloka profiles: their licence forbids shipping derived work commercially.

[[ -x $cli ]] || { echo "build persona-cli first (./build.sh build)" >&2; exit 1; }
[[ -f $dialogs ]] || { echo "no data at $data (set SHARED_DATA)" >&2; exit 1; }
start=$(date +%s)
log() { echo "[$(( $(date +%s) - start ))s] $*" >&2; }

log "tokenizer"
"$cli" train tokenizer --input "$dialogs" "${texts[@]}" --vocab-size 8000 --out "$work/tokenizer" > "$work/tokenizer.json"
mkdir -p "$work/tokenizer-encoder"
cp "$work/tokenizer"/* "$work/tokenizer-encoder/"
# The encoder's copy wraps every text in <s> ... </s>, as BERT does with [CLS] ... [SEP].
python3 - "$work/tokenizer-encoder/tokenizer_config.json" <<'PY'
import json, sys
p = sys.argv[1]; c = json.load(open(p)); c["add_bos_token"] = True; c["add_eos_token"] = True
json.dump(c, open(p, "w"), indent=2)
PY

log "retriever"
"$cli" train retriever --tokenizer "$work/tokenizer-encoder" --dialogs "$dialogs" --out "$work/retriever" \
  --hidden 128 --layers 2 --heads 4 --intermediate 512 --max-positions 256 \
  --pooling mean --similarity cosine --context-turns 1 --hard-negatives 6 \
  --epochs "${RET_EPOCHS:-8}" --batch-size 16 --lr 1e-3 --warmup 0.1 --seed 7 --save-dtype f16 \
  --print-every 50 > "$work/retriever.json"

log "generator"
"$cli" train generator --tokenizer "$work/tokenizer" --dialogs "$dialogs" --text "${texts[@]}" --out "$work/generator" \
  --n-embd 192 --n-layer 3 --n-head 3 --context-length 128 \
  --epochs "${GEN_EPOCHS:-3}" --batch-size 16 --lr 2e-3 --warmup 0.03 --seed 7 --save-dtype f16 \
  --print-every 20 > "$work/generator.json"

log "evaluation"
mkdir -p "$out"
rm -rf "$out/generator" "$out/retriever"
mkdir -p "$out/generator" "$out/retriever"
for f in config.json model.safetensors sp.model added_tokens.json special_tokens_map.json tokenizer_config.json train_log.jsonl; do
  cp "$work/generator/$f" "$out/generator/"
done
cp -r "$work/retriever/context" "$out/retriever/"
cp "$work/retriever/retriever.json" "$work/retriever/train_log.jsonl" "$out/retriever/"
"$cli" eval retrieval --data "$dialogs" --split test --retriever "$out/retriever" > "$out/eval_retrieval_test.json"
"$cli" eval retrieval --data "$dialogs" --split all --retriever "$out/retriever" > "$out/eval_retrieval_all.json"
"$cli" eval generator --model "$out/generator" --data "$dialogs" --split test > "$out/eval_generator_test.json"
cp "$work/retriever.json" "$out/train_retriever_result.json"
cp "$work/generator.json" "$out/train_generator_result.json"
log "done in $(( $(date +%s) - start ))s; results in $out"
rm -rf "$work"
