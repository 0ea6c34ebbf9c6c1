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
shot chat --persona Кирилл --say "Привет! Где ты учишься?" --say "А чем ты увлекаешься?" --view chat
shot editor --persona Кирилл --view editor
shot retrieval --persona Кирилл --say "Ты учишься в университете ИТМО?" --say "А в общежитии живёшь?" --view retrieval
shot tokens --persona Максим --say "Ты умеешь готовить?" --view tokens
# Validation: the metrics panel over the research project's own gk labels (its annotated
# dialogues, imported first; persona 0000 of that file is Кирилл), after one reply of the demo models.
"$build/bin/persona-cli" import tests/fixtures/store/itmo_persona_dialogs.jsonl --db "$work/validation.db" >/dev/null
shot validation --persona 0000 --say "Где ты учишься?" --view validation
shot training --persona Кирилл --view training --train-steps 40 --train-seed tests/fixtures/store/itmo_persona_dialogs.jsonl
studio=("$build/bin/persona-studio" --language ru --theme dark)
shot chat-ru-dark --persona Кирилл --say "Привет! Ты любишь машинное обучение?" --view chat
