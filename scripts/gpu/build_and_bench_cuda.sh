#!/usr/bin/env bash
# Builds core + persona-cli against a CUDA libtorch and runs the decode benchmark on the GPU
# (issue 7, "GPU"). Meant for a machine with an NVIDIA GPU and a Python torch built with CUDA;
# nothing here needs the network.
#
#   scripts/gpu/build_and_bench_cuda.sh [out-dir]          (default: gpu-results/<UTC time>)
#
# What it does:
#   1. finds libtorch inside the Python torch (torch.utils.cmake_prefix_path) and its C++ ABI;
#   2. makes Debian packages that the machine lacks available without root: every .deb in
#      $DEBS_DIR (default scripts/gpu/debs, filled beforehand by fetch_debs.sh on a Debian 12
#      machine) is extracted with dpkg-deb -x into a private prefix put on CMAKE_PREFIX_PATH,
#      PKG_CONFIG_PATH and LD_LIBRARY_PATH;
#   3. configures build-cuda (no Qt UI, no tests: the GPU machine only needs persona-cli) and
#      builds persona-cli;
#   4. runs `persona-cli bench decode --config gpt2 --device cuda` in f32 and bf16 (and f16),
#      the same on the CPU, and compares the greedy ids of CUDA F32 with the CPU's (same seed,
#      same random weights: they were drawn on the CPU and moved).
# env: PYTHON (default python3), DEBS_DIR, JOBS (default nproc), NEW_TOKENS (128), CONFIGS ("gpt2 gpt2-medium")
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/gpu-results/$(date -u +%Y%m%dT%H%M%SZ)}
python=${PYTHON:-python3}
debs=${DEBS_DIR:-$root/scripts/gpu/debs}
jobs=${JOBS:-$(nproc)}
new=${NEW_TOKENS:-128}
configs=${CONFIGS:-gpt2 gpt2-medium}
mkdir -p "$out"
log() { echo "[gpu] $*" >&2; }

# --- 1. libtorch from the Python installation ---------------------------------------------------
read -r torch_prefix torch_version torch_cuda cxx11_abi < <("$python" - <<'PY'
import torch
print(torch.utils.cmake_prefix_path, torch.__version__, torch.version.cuda or "none",
      int(torch._C._GLIBCXX_USE_CXX11_ABI))
PY
)
log "torch $torch_version (CUDA $torch_cuda), cmake prefix $torch_prefix, cxx11 abi $cxx11_abi"
[[ $torch_cuda != none ]] || { log "this torch has no CUDA"; exit 2; }
"$python" -c "import torch,sys; sys.exit(0 if torch.cuda.is_available() else 1)" ||
  { log "torch sees no GPU"; exit 2; }
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader > "$out/gpu.txt" 2>/dev/null || true

# --- 2. Debian packages as extracted .debs ----------------------------------------------------
prefix_path=$torch_prefix
if compgen -G "$debs/*.deb" > /dev/null; then
  sysroot=$out/debroot
  mkdir -p "$sysroot"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$sysroot"; done
  # pkg-config files name prefix=/usr; point them at the extracted tree.
  find "$sysroot" -name '*.pc' -exec sed -i "s|^prefix=/usr|prefix=$sysroot/usr|" {} +
  export PKG_CONFIG_PATH=$sysroot/usr/lib/x86_64-linux-gnu/pkgconfig:$sysroot/usr/share/pkgconfig:${PKG_CONFIG_PATH:-}
  export LD_LIBRARY_PATH=$sysroot/usr/lib/x86_64-linux-gnu:${LD_LIBRARY_PATH:-}
  export CPATH=$sysroot/usr/include:${CPATH:-}
  prefix_path="$prefix_path;$sysroot/usr;$sysroot/usr/lib/x86_64-linux-gnu/cmake;$sysroot/usr/share/cmake"
  log "extracted $(ls "$debs"/*.deb | wc -l) .debs into $sysroot"
fi

# --- 3. build ------------------------------------------------------------------------------------
# The whole project must use libtorch's C++ ABI (pip wheels before torch 2.7 use the old one).
# Tests (GoogleTest from Debian, new ABI) and the Qt UI are not built here.
build=$root/build-cuda
generator=()
command -v ninja > /dev/null && generator=(-G Ninja)
cmake -S "$root" -B "$build" "${generator[@]}" -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$prefix_path" -DPERSONA_BUILD_UI=OFF -DPERSONA_BUILD_TESTS=OFF \
  -DCMAKE_CXX_FLAGS="-D_GLIBCXX_USE_CXX11_ABI=$cxx11_abi" 2>&1 | tail -n 20 > "$out/configure.log"
cmake --build "$build" --target persona-cli -j "$jobs" > "$out/build.log" 2>&1 ||
  { tail -n 40 "$out/build.log" >&2; exit 1; }
cli=$build/bin/persona-cli
"$cli" info > "$out/info.json"
cat "$out/info.json" >&2

# --- 4. benchmarks -------------------------------------------------------------------------------
bench() {  # bench <name> <args...>
  log "bench decode $*"
  "$cli" bench decode --prompt-tokens 128 --new-tokens "$new" "${@:2}" > "$out/$1.json" 2> "$out/$1.err" ||
    { log "failed: $(tail -n 3 "$out/$1.err")"; rm -f "$out/$1.json"; }
}
for config in $configs; do
  for dtype in f32 bf16 f16; do bench "cuda-$config-$dtype" --config "$config" --device cuda --dtype "$dtype"; done
  bench "cpu-$config-f32" --config "$config" --device cpu --dtype f32
done

"$python" - "$out" $configs <<'PY' | tee "$out/summary.md"
import json, os, sys
out, configs = sys.argv[1], sys.argv[2:]
def load(name):
    p = os.path.join(out, name + ".json")
    return json.load(open(p)) if os.path.exists(p) else None
print("| config | device | dtype | prefill tok/s | decode tok/s | ms/token p50 | p95 | bandwidth GB/s | roofline tok/s | of roofline |")
print("|---|---|---|---|---|---|---|---|---|---|")
for c in configs:
    for name in [f"cuda-{c}-f32", f"cuda-{c}-bf16", f"cuda-{c}-f16", f"cpu-{c}-f32"]:
        d = load(name)
        if d:
            print(f"| {c} | {d['device']} | {d['dtype']} | {d['prefill_tok_s']:.0f} | {d['decode_tok_s']:.1f} | "
                  f"{d['ms_per_token_p50']:.2f} | {d['ms_per_token_p95']:.2f} | {d['bandwidth_GBs']:.0f} | "
                  f"{d['roofline_tok_s']:.0f} | {d['roofline_ratio']*100:.0f}% |")
    gpu, cpu = load(f"cuda-{c}-f32"), load(f"cpu-{c}-f32")
    if gpu and cpu:
        a, b = gpu["generated_ids"], cpu["generated_ids"]
        same = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        print(f"\n{c}: greedy ids, CUDA F32 vs CPU F32: the first {same} of {min(len(a), len(b))} agree"
              + (" (all)" if same == min(len(a), len(b)) else f" (first difference at step {same})"))
PY
log "results in $out"
