#!/usr/bin/env bash
# Bench (on demand): lutc's combinational rows alone on the 5 shared HGQ-LUT jet models, for
# before/after comparisons of two lutc binaries (alkaid's rows do not change: its Verilog and the
# Yosys script are fixed, so bench/hgq_lutc_vs_alkaid.sh's alkaid numbers are quoted instead).
# Per model: `lutc -q compile MODEL -o OUT -j 2 --no-cache` (wall seconds) then `lutc -q synth OUT`
# (Yosys synth_xilinx). Prints one line per model and the totals.
#
# Usage: bash bench/hgq_lutc_rows.sh LUTC_BINARY OUT_DIR [MODEL...]
#        (default models: e177791 e142016 e113938 e87994 e32600; LUTC_BENCH_COMPILE_FLAGS adds flags)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=$1 out=$2
shift 2
data=${LUTC_SHARED_DATA:-$root/../shared/data}/hgq_lut_ae/jsc_hlf_openml_alir
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(e177791 e142016 e113938 e87994 e32600)
mkdir -p "$out"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
for m in "${models[@]}"; do
  rm -rf "${out:?}/$m"
  t0=$(date +%s.%N)
  # shellcheck disable=SC2086
  timeout 1800 "$lutc" -q compile "$data/$m/model.json" -o "$out/$m" -j 2 --no-cache ${LUTC_BENCH_COMPILE_FLAGS:-} > /dev/null
  t1=$(date +%s.%N)
  timeout 1800 "$lutc" -q synth "$out/$m" > /dev/null
  python3 - "$out/$m" "$m" "$(echo "$t1 - $t0" | bc)" <<'PY'
import json, sys
out, m, secs = sys.argv[1:]
s = json.load(open(f"{out}/synth/report.json"))
r = json.load(open(f"{out}/report.json"))["stages"]
print(f"{m} LUT {s['luts']} CARRY {s['carry']} MUXF {s['muxf']} depth {s['depth']} "
      f"netopt {r.get('netopt', {}).get('luts_before')} -> {r.get('netopt', {}).get('luts_after')} "
      f"netopt_s {r.get('netopt', {}).get('seconds', 0):.1f} compile_s {float(secs):.1f}")
PY
done | tee "$out/rows.txt"
awk '{l += $3; c += $5} END {print "total LUT " l " CARRY " c}' "$out/rows.txt"
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
