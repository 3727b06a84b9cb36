#!/usr/bin/env bash
# Speed of `lutc verify` and of the software model on a ~3k-LUT network (on demand; not in ctest).
#
#   bench/verify_speed.sh [BUILD_DIR] [VECTORS]      (default VECTORS: 1000000)
#
# Network: tools/make_network.py --layers 120,90,60,30 --inputs 16 --fanin 4 --bits 3 --seed 1
# (300 tables of 12 index bits; 2903 LUTs). Prints, in one run:
#  - model_bench: vectors per CPU second of the scalar ir::SoftwareModel (what verify and eval used
#    before) and the table-major ir::BatchModel (evaluate, evaluate_block, evaluate_many; see
#    bench/model_bench.cpp) on the same random vectors, with their results compared (must be 0
#    mismatches);
#  - lutc verify --vectors VECTORS with an empty cache (Verilator build) and again with the
#    simulator cached: its own log line splits the run into software model and simulation.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
VECTORS="${2:-1000000}"
WORK="$(mktemp -d /tmp/lutc-verify-speed-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cmake --build "$BUILD" --target lutc model_bench >/dev/null
export LUTC_CACHE_DIR="$WORK/cache"
python3 "$ROOT/tools/make_network.py" --layers 120,90,60,30 --inputs 16 --fanin 4 --bits 3 --seed 1 -o "$WORK/net.yaml"
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
timeout 1800 "$BUILD/lutc" -q compile "$WORK/net.yaml" -o "$WORK/out" -j 2
echo "LUTs: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["luts"])' "$WORK/out/report.json")"
echo "model_bench (nodes, evaluated, scalar vectors/CPU s, BatchModel::evaluate vectors/CPU s, speedup, mismatches, then evaluate_block / evaluate_many rates and mismatches):"
"$BUILD/model_bench" "$WORK/out/model.yaml" "$VECTORS"
for run in cold cached; do
  echo "lutc verify --vectors $VECTORS ($run simulator):"
  /usr/bin/time -f "  %e s wall, %U s user (with the simulator process), %M KB peak" \
    timeout 1800 "$BUILD/lutc" verify "$WORK/out" --vectors "$VECTORS" -j 2 2>&1 | grep -E "verify: build|mismatches \(|wall"
done
