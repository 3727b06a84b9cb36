#!/usr/bin/env bash
# Bench (on demand): the 5 shared HGQ-LUT jet models (ALIR v4) through lutc, combinational:
# lutc's netlist LUTs, then Yosys (synth_xilinx -flatten -noiopad, the script alkaid's Verilog is
# measured with in the issue "HGQ2 models in") LUT / CARRY / MUXF / FF / depth, and compile seconds.
# alkaid's own Verilog goes through the same script in bench/hgq_alkaid.sh (Python bridge).
# Usage: bash bench/hgq_lutc.sh [build-dir] [family: xilinx | xcup]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=${1:-$root/build}/lutc
family=${2:-xilinx}
data=${LUTC_SHARED_DATA:-$root/../shared/data}/hgq_lut_ae/jsc_hlf_openml_alir
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache
echo "| model | lutc netlist LUTs | LUT | CARRY | MUXF | FF | depth | compile s | synth s |"
echo "|---|---|---|---|---|---|---|---|---|"
for m in e113938 e142016 e177791 e32600 e87994; do
  t0=$(date +%s.%N)
  "$lutc" -q compile "$data/$m/model.json" -o "$work/$m" --no-cache -j 2 >/dev/null
  t1=$(date +%s.%N)
  "$lutc" -q synth "$work/$m" --target "$family" >/dev/null
  python3 - "$work/$m" "$m" "$t0" "$t1" <<'PY'
import json, sys
out, m, t0, t1 = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
r = json.load(open(f"{out}/report.json"))
s = json.load(open(f"{out}/synth/report.json"))
print(f"| {m} | {r['luts']} | {s['luts']} | {s['carry']} | {s['muxf']} | {s['ff']} | {s['depth']} | {t1 - t0:.1f} | {s['seconds']:.1f} |")
PY
done
