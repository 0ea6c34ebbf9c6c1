#!/usr/bin/env bash
# Downloads (without installing) the Debian 12 packages persona-cli builds against that a GPU
# machine may lack, into scripts/gpu/debs/, for build_and_bench_cuda.sh to extract there.
# Run on a Debian 12 machine with apt sources; needs no root (apt-get download).
set -euo pipefail
dest=$(cd "$(dirname "$0")" && pwd)/debs
mkdir -p "$dest"
cd "$dest"
apt-get download \
  libsentencepiece-dev libsentencepiece0 \
  libutf8proc-dev libutf8proc2 \
  nlohmann-json3-dev libcli11-dev \
  libsqlite3-dev
ls -l "$dest"
