#!/bin/sh
# llama.cpp (node-llama-cpp CPU prebuilt) and persona-cli one after the other on the same GGUF
# file, in one run (issue 26). Usage: scripts/bench/llamacpp_decode.sh FILE.gguf [THREADS]
# `persona-cli bench kernels` runs first: the read-only bandwidth and each type's row kernel
# on the same threads. (`persona-cli bench decode --model FILE.gguf` needs the GGUF models of
# part 3 of the issue; it is run when that option exists.)
set -eu
file=$1
threads=${2:-2}
here=$(dirname "$0")
cli=${PERSONA_CLI:-build/bin/persona-cli}
"$cli" bench kernels --threads "$threads" --types q8_0,q4_K,q6_K,f16
node "$here/llamacpp_decode.mjs" "$file" --threads "$threads"
if "$cli" bench decode --help 2>/dev/null | grep -q -- '--model'; then
  "$cli" bench decode --model "$file" --prompt-tokens 128 --new-tokens 128 --threads "$threads"
fi
