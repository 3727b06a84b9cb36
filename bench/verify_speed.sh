#!/usr/bin/env bash
# Speed of `lutc verify` and of the software model on a ~3k-LUT network (on demand; not in ctest).
#
#   bench/verify_speed.sh [BUILD_DIR] [VECTORS]      (default VECTORS: 1000000)
#
# Network: tools/make_network.py --layers 120,90,60,30 --inputs 16 --fanin 4 --bits 3 --seed 1
# (300 tables of 12 index bits; ~2,800 LUTs). Environment:
#   VERIFY_SPEED_OUT=DIR   use this `lutc compile` output of that network instead of compiling it
#   VERIFY_SPEED_BASE=BIN  also run this (baseline) lutc's verify, cold and cached, in the same sitting
# Prints, in one run:
#  - model_bench: vectors per CPU second of the scalar ir::SoftwareModel and the table-major
#    ir::BatchModel (evaluate, evaluate_block, evaluate_many; see bench/model_bench.cpp) on the same
#    random vectors, with their results compared (must be 0 mismatches);
#  - lutc verify --vectors VECTORS with an empty simulator cache (Verilator and C++ builds) and again with
#    the simulators cached, for --sim-form sliced (the bit-sliced netlist on every vector plus the
#    emitted RTL on the first 100,000, built concurrently) and --sim-form rtl (the emitted RTL on
#    every vector, what verify did before): verify's own log line gives each build's seconds and
#    each simulator's vectors/s alone, and the whole run's vectors/s.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
VECTORS="${2:-1000000}"
WORK="$(mktemp -d /tmp/lutc-verify-speed-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cmake --build "$BUILD" --target lutc model_bench >/dev/null
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
if [ -n "${VERIFY_SPEED_OUT:-}" ]; then
  cp -r "$VERIFY_SPEED_OUT" "$WORK/out"
  rm -f "$WORK/out/.lock"
else
  python3 "$ROOT/tools/make_network.py" --layers 120,90,60,30 --inputs 16 --fanin 4 --bits 3 --seed 1 -o "$WORK/net.yaml"
  LUTC_CACHE_DIR="$WORK/compile-cache" timeout 1800 "$BUILD/lutc" -q compile "$WORK/net.yaml" -o "$WORK/out" -j 2
fi
echo "LUTs: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["luts"])' "$WORK/out/report.json")"
echo "model_bench (nodes, evaluated, scalar vectors/CPU s, BatchModel::evaluate vectors/CPU s, speedup, mismatches, then evaluate_block / evaluate_many rates and mismatches):"
"$BUILD/model_bench" "$WORK/out/model.yaml" "$VECTORS"
run_verify() {  # NAME LUTC ARGS...
  local name="$1" lutc="$2"
  shift 2
  export LUTC_CACHE_DIR="$WORK/cache-$name"
  for run in cold cached; do
    echo "$name: lutc verify --vectors $VECTORS $* ($run simulator):"
    /usr/bin/time -f "  %e s wall, %U s user + %S s sys (lutc, Verilator, compilers, simulators), %M KB peak" \
      timeout 1800 "$lutc" verify "$WORK/out" --vectors "$VECTORS" -j 2 "$@" 2>&1 | grep -E "verify: build|mismatches \(|wall"
  done
}
[ -n "${VERIFY_SPEED_BASE:-}" ] && run_verify baseline "$VERIFY_SPEED_BASE"
run_verify sliced "$BUILD/lutc" --sim-form sliced
run_verify rtl "$BUILD/lutc" --sim-form rtl
# Each cached simulator alone on the same 1M-record random input (CPU seconds of that process):
# the netlist simulation's speed without the model, the files and the other simulator beside it.
python3 -c "import os,sys; open(sys.argv[1],'wb').write(os.urandom(int(sys.argv[2]) * 8))" "$WORK/records.in" "$VECTORS"
for name in baseline sliced rtl; do
  for sim in "$WORK"/cache-$name/verilator/*/lutc_sim; do
    [ -x "$sim" ] || continue
    dir="$(dirname "$sim")"
    kind="RTL at -O1"
    grep -q -- " -O0 " "$dir/build.log" && kind="RTL prefix at -O0"
    grep -q "^form: sliced" "$dir/inputs.txt" && kind="sliced, $(head -1 "$dir/inputs.txt" | cut -d: -f1)-built"
    /usr/bin/time -f "%U %S" -o "$WORK/t" "$sim" "$WORK/records.in" "$WORK/records.out"
    python3 - "$(cat "$WORK/t")" "$name" "$kind" "$VECTORS" <<'PY'
import sys
user, sys_s = map(float, sys.argv[1].split())
n = int(sys.argv[4])
print(f"simulator alone ({sys.argv[2]} run, {sys.argv[3]}): {user + sys_s:.2f} CPU s for {n} vectors, "
      f"{int(n / (user + sys_s)):,} vectors per CPU s")
PY
  done
done
