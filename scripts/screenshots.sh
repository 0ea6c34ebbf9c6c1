#!/usr/bin/env bash
# Renders the README's window screenshots with the bundled demo models under Xvfb, through the
# window's scripted runs (--persona/--say/--view/--screenshot), on a fresh database each time.
#   scripts/screenshots.sh [build-dir]      -> docs/screenshots/*.png
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
studio=("$build/bin/persona-studio" --language en)
shot() {  # shot NAME ARGS...
  local name=$1
  shift
  xvfb-run -a -s "-screen 0 1400x900x24" "${studio[@]}" --db "$work/$name.db" "$@" --screenshot "$out/$name.png"
  echo "wrote $out/$name.png"
}
# The Tests tab needs a suite with runs: the demo personas, four questions, then two runs — all
# facts a question may use (top 3), then only the best one (top 1) — so the comparison shows what
# fewer retrieved facts cost.
suite_db() {  # suite_db FILE
  local cli=$build/bin/persona-cli db=$1
  for card in resources/personas/*.card.json; do "$cli" import "$card" --db "$db" >/dev/null; done
  "$cli" suite add --db "$db" --persona Кирилл --question "Ты живёшь в Санкт-Петербурге, в общежитии?" \
    --expect "Я живу в Санкт-Петербурге" --expect "Я живу в общежитии" >/dev/null
  "$cli" suite add --db "$db" --persona Кирилл --question "Ты учишься в Университете ИТМО?" \
    --expect "Я учусь в Университете ИТМО" >/dev/null
  "$cli" suite add --db "$db" --persona Кирилл --question "Тебе нравится машинное обучение?" \
    --expect "Мне нравится машинное обучение" >/dev/null
  "$cli" suite add --db "$db" --persona Кирилл --question "Где ты работал?" \
    --expect "Я работал инженером в Университете ИТМО" >/dev/null
  "$cli" suite run --db "$db" --persona Кирилл --top-k 3 --seed 1 >/dev/null
  "$cli" suite run --db "$db" --persona Кирилл --top-k 1 --seed 1 >/dev/null
}
suite_db "$work/suite.db"
shot chat --persona Кирилл --say "Привет! Где ты учишься?" --say "А чем ты увлекаешься?" --view chat
shot editor --persona Кирилл --say "Ты учишься в университете ИТМО?" --view editor
shot retrieval --persona Кирилл --say "Ты учишься в университете ИТМО?" --say "А в общежитии живёшь?" --view retrieval
shot tokens --persona Максим --say "Ты умеешь готовить?" --view tokens
# Validation: the metrics panel over the research project's own gk labels (its annotated
# dialogues, imported first; persona 0000 of that file is Кирилл), after one reply of the demo models.
"$build/bin/persona-cli" import tests/fixtures/store/itmo_persona_dialogs.jsonl --db "$work/validation.db" >/dev/null
shot validation --persona 0000 --say "Где ты учишься?" --view validation
shot training --persona Кирилл --view training --train-steps 40 --train-seed tests/fixtures/store/itmo_persona_dialogs.jsonl
shot suite --persona Кирилл --view suite
studio=("$build/bin/persona-studio" --language ru --theme dark)
shot chat-ru-dark --persona Кирилл --say "Привет! Ты любишь машинное обучение?" --view chat
suite_db "$work/suite-ru.db"
shot suite-ru --persona Кирилл --view suite
