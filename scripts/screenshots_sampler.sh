#!/usr/bin/env bash
# The sampler chain's screenshots (issue 29), en and ru, under Xvfb with the bundled demo models:
# the token inspector explaining cut alternatives (a settings file with top-k 4, min-p 0.05, DRY
# and the agent's repetition penalty), and the settings dialog's "Sampler chain" page (rendered by
# the UI test, with the SillyTavern fixture preset loaded).
#   scripts/screenshots_sampler.sh [build-dir]      -> docs/screenshots/{tokens-sampler,sampler-settings}-{en,ru}.png
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CONFIG_HOME=$work/config XDG_DATA_HOME=$work/data
mkdir -p "$XDG_CONFIG_HOME/persona-studio"
cat > "$XDG_CONFIG_HOME/persona-studio/persona-studio.conf" <<'INI'
[sampling]
topK=4
repetitionPenalty=1.3
chain="{\"format\": \"persona-sampler-preset\", \"version\": 1, \"settings\": {\"min_p\": 0.05, \"dry_multiplier\": 0.8, \"dry_allowed_length\": 1, \"presence_penalty\": 0.2}}"
INI
for lang in en ru; do
  xvfb-run -a -s "-screen 0 1400x900x24" "$build/bin/persona-studio" --language "$lang" --db "$work/tokens-$lang.db" \
    --persona Максим --say "Ты умеешь готовить?" --view tokens --screenshot "$out/tokens-sampler-$lang.png"
  echo "wrote $out/tokens-sampler-$lang.png"
done
PERSONA_SCREENSHOT_DIR=$PWD/$out xvfb-run -a -s "-screen 0 1400x900x24" env QT_QPA_PLATFORM=xcb \
  "$build/bin/test_sampler_settings" screenshots
echo "wrote $out/sampler-settings-en.png $out/sampler-settings-ru.png"
