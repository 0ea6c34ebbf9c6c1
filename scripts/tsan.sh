#!/usr/bin/env bash
# The thread-sanitizer run of issue 13: builds the two stress tests with ThreadSanitizer in
# build-tsan/ (core, store and window code instrumented; libtorch, Qt and SQLite are Debian's and
# are not) and runs them: the agent turn with a worker, an editor and a Stop thread (1,000 turns),
# and the window's chat worker under Stop, edits, persona switches and closes mid-reply.
#
# usage: scripts/tsan.sh [iterations of the window stress test, default 1000]
# A data race, a lock-order inversion or a deadlock fails the run (halt_on_error), with the report.
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-1000}
./packaging/install-deps.sh
if [[ ! -f build-tsan/CMakeCache.txt ]]; then
  cmake -S . -B build-tsan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPERSONA_TSAN=ON
fi
cmake --build build-tsan --parallel "$(nproc)" --target test_agent test_worker_stress
# libgomp (libtorch's threads) is not instrumented: its barriers are invisible to TSan and show
# as races between the threads of one parallel region, so libtorch runs on one intra-op thread
# here; the threads under test are the program's own (worker, editor, Stop, the GUI thread).
export OMP_NUM_THREADS=1
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 history_size=4 suppressions=$PWD/scripts/tsan.supp"
start=$(date +%s)
build-tsan/bin/test_agent --gtest_filter='AgentStress.*'
QT_QPA_PLATFORM=offscreen QTEST_FUNCTION_TIMEOUT=3600000 PERSONA_STRESS_ITERATIONS=$iterations \
  build-tsan/bin/test_worker_stress
echo "tsan.sh: both stress tests passed under ThreadSanitizer in $(( $(date +%s) - start )) s"
