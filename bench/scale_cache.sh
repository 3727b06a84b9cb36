#!/usr/bin/env bash
# Bench (on demand, not in CI): a 200-neuron LogicNets-style network with 12-bit-index tables,
# compiled on 2 threads with an empty cache, then again with the cache warm. Prints both times
# and their ratio. Usage: bash bench/scale_cache.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=${1:-$root/build}/lutc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/tools/make_network.py" --layers 80,60,40,20 --inputs 16 --fanin 4 --bits 3 --seed 3 -o "$work/net.yaml"
export LUTC_CACHE_DIR=$work/cache
now() { date +%s.%N; }
t0=$(now); "$lutc" -q compile "$work/net.yaml" -o "$work/cold" -j 2; t1=$(now)
"$lutc" -q compile "$work/net.yaml" -o "$work/warm" -j 2; t2=$(now)
python3 - "$work/cold/report.json" "$t0" "$t1" "$t2" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
t0, t1, t2 = map(float, sys.argv[2:5])
cold, warm = t1 - t0, t2 - t1
print(f"| network | neurons | tables after passes | LUT6 | cold -j 2 (s) | warm (s) | cold/warm |")
print(f"|---|---|---|---|---|---|---|")
print(f"| make_network.py 80,60,40,20 x 12-bit | {r['stages']['read']['neurons']} | {r['stages']['minimize']['tables']} | {r['luts']} | {cold:.2f} | {warm:.2f} | {cold / warm:.1f}x |")
PY
