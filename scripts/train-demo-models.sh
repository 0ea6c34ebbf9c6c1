#!/usr/bin/env bash
# Re-creates the bundled demo models (resources/models/) from scratch on the MIT data in
# ../shared/data: a SentencePiece tokenizer, a small GPT-2 generator and a small BERT bi-encoder.
# Takes about 30-40 minutes on a 2-core machine (see resources/models/README.md for the measured time). Usage:
#   scripts/train-demo-models.sh [OUT_DIR]     (default: resources/models)
# Environment: SHARED_DATA (default ../shared/data), PERSONA_CLI (default build/bin/persona-cli),
# GEN_EPOCHS, RET_EPOCHS, RET_LR to shorten or lengthen the runs; RET_PRETRAIN=1 (with
# RET_PRE_EPOCHS, RET_PAIRS) and GEN_SILVER=1 for the issue-15 attempts described below.
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

# Issue 15 attempts, off by default until they beat the bundled models on validation (see the card):
# RET_PRETRAIN=1 pre-trains the retriever on pairs that need no labels (turn -> next turn, noised
# fact -> fact, turn -> silver fact, sentence -> next sentence; training-split dialogues and the
# corpora only) before the gold pairs; GEN_SILVER=1 trains the generator on the dialogues with
# silver [Gk] labels (unlabelled training turns that restate a speaker fact get it).
gen_dialogs=$dialogs
if [[ ${GEN_SILVER:-0} == 1 ]]; then
  log "silver knowledge"
  "$cli" train silver-knowledge --dialogs "$dialogs" --out "$work/dialogs_silver.jsonl" > "$work/silver.json"
  gen_dialogs=$work/dialogs_silver.jsonl
fi

ret_shape=(--hidden 128 --layers 2 --heads 4 --intermediate 512 --max-positions 256
           --pooling mean --similarity cosine --context-turns 1)
if [[ ${RET_PRETRAIN:-0} == 1 ]]; then
  log "retriever pre-training"
  "$cli" train retriever --pretrain --tokenizer "$work/tokenizer-encoder" --dialogs "$dialogs" --text "${texts[@]}" \
    --out "$work/retriever-pre" "${ret_shape[@]}" --pairs-per-kind "${RET_PAIRS:-1500}" --noise 0.3 \
    --epochs "${RET_PRE_EPOCHS:-2}" --batch-size 32 --lr 1e-3 --warmup 0.05 --seed 7 \
    --print-every 50 > "$work/retriever-pre.json"
  ret_start=(--init "$work/retriever-pre")
  ret_lr=${RET_LR:-5e-4}
else
  ret_start=(--tokenizer "$work/tokenizer-encoder" "${ret_shape[@]}")
  ret_lr=${RET_LR:-1e-3}
fi

log "retriever"
"$cli" train retriever "${ret_start[@]}" --dialogs "$dialogs" --out "$work/retriever" --hard-negatives 6 \
  --epochs "${RET_EPOCHS:-8}" --batch-size 16 --lr "$ret_lr" --warmup 0.1 --seed 7 --save-dtype f16 \
  --print-every 50 > "$work/retriever.json"

log "generator"
"$cli" train generator --tokenizer "$work/tokenizer" --dialogs "$gen_dialogs" --text "${texts[@]}" --out "$work/generator" \
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
# The hybrid fusion weight and the default method, fitted again on the stored (F16) weights.
"$cli" train fusion --retriever "$out/retriever" --dialogs "$dialogs" > "$out/fusion_fit_validation.json"
"$cli" eval retrieval --data "$dialogs" --split validation --retriever "$out/retriever" > "$out/eval_retrieval_validation.json"
"$cli" eval retrieval --data "$dialogs" --split test --retriever "$out/retriever" > "$out/eval_retrieval_test.json"
"$cli" eval retrieval --data "$dialogs" --split all --retriever "$out/retriever" > "$out/eval_retrieval_all.json"
"$cli" eval generator --model "$out/generator" --data "$dialogs" --split validation > "$out/eval_generator_validation.json"
"$cli" eval generator --model "$out/generator" --data "$dialogs" --split test > "$out/eval_generator_test.json"
cp "$work/retriever.json" "$out/train_retriever_result.json"
cp "$work/generator.json" "$out/train_generator_result.json"
log "done in $(( $(date +%s) - start ))s; results in $out"
rm -rf "$work"
