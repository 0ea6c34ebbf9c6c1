#!/usr/bin/env bash
# Installs every system dependency of Persona Studio from Debian 12 packages.
# Idempotent: packages already present are skipped, and nothing is done when all are there.
# Run as root (or with sudo available). Used by the README commands and by .ci/run.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config ccache
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libgl-dev
  libqcustomplot-dev
  libtorch-dev libopenblas0-openmp
  libsentencepiece-dev
  libsqlite3-dev sqlite3 libcurl4-openssl-dev
  nlohmann-json3-dev libutf8proc-dev libcli11-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libpcre2-dev libstemmer-dev
  xvfb xauth fonts-dejavu-core
)
# Development-time tools: golden references are made with Debian's python3-torch and node.
if [[ "${PERSONA_DEV_TOOLS:-0}" == 1 ]]; then
  packages+=(python3-torch python3-numpy)
fi
# Fuzzing (scripts/fuzz.sh): clang with libFuzzer. Not part of the default set.
if [[ "${PERSONA_FUZZ_TOOLS:-0}" == 1 ]]; then
  packages+=(clang)
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
