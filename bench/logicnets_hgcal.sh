#!/usr/bin/env bash
# Bench (on demand): the LogicNets hgcal_quant2 design read from its generated Verilog, lutc
# beside Yosys on the original RTL in the same run (and the recorded Vivado result).
# Usage: bash bench/logicnets_hgcal.sh [build-dir]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=${1:-$root/build}/lutc
design=${LUTC_SHARED_DATA:-$root/../shared/data}/logicnets_hgcal_quant2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache
now() { date +%s.%N; }
t0=$(now)
"$lutc" -q compile "$design" -o "$work/comb" --no-cache >/dev/null
"$lutc" -q compile "$design" -o "$work/piped" --no-cache --pipeline 1 >/dev/null
t1=$(now)
"$lutc" -q synth "$work/comb" >/dev/null
"$lutc" -q synth "$work/piped" >/dev/null
t2=$(now)
yosys -q -p "read_verilog $design/*.v; synth_xilinx -flatten -noiopad -top logicnet; tee -q -o $work/y.json stat -json" >/dev/null
t3=$(now)
python3 - "$work" "$t0" "$t1" "$t2" "$t3" <<'PY'
import json, sys
w = sys.argv[1]
t0, t1, t2, t3 = map(float, sys.argv[2:6])
c = json.load(open(f"{w}/comb/synth/report.json"))
p = json.load(open(f"{w}/piped/synth/report.json"))
y = json.load(open(f"{w}/y.json"))["modules"]["\\logicnet"]["num_cells_by_type"]
yl = sum(v for k, v in y.items() if k.startswith("LUT"))
ym = sum(v for k, v in y.items() if k.startswith("MUXF"))
yf = sum(v for k, v in y.items() if k.startswith("FD"))
print("| flow | LUT | MUXF | FF | depth | seconds |")
print("|---|---|---|---|---|---|")
print(f"| lutc (combinational) | {c['luts']} | {c['muxf']} | {c['ff']} | {c['depth']} | {(t1 - t0) / 2:.2f} compile |")
print(f"| lutc `--pipeline 1` | {p['luts']} | {p['muxf']} | {p['ff']} | {p['depth']} | |")
print(f"| Yosys `synth_xilinx -flatten -noiopad` on the original RTL | {yl} | {ym} | {yf} | | {t3 - t2:.2f} |")
print(f"| Vivado (recorded in res.txt) | 121 | | 155 | | |")
print(f"\nRatios: LUTs lutc/Yosys {c['luts'] / yl:.2f}, lutc/Vivado {c['luts'] / 121:.2f}; "
      f"FF (pipelined) lutc/Vivado {p['ff'] / 155:.2f}")
PY
