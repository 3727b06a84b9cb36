#!/usr/bin/env bash
# Bench (on demand): lutc beside alkaid on the 5 shared HGQ-LUT jet models (ALIR v4), per model in
# ONE run, every design through the SAME synthesis code: `lutc synth` (yosys_scripts/synth_<family>.ys:
# synth_xilinx -flatten -noiopad -noclkbuf -nosrl, stat -json, LUT/MUXF depth from the netlist).
# alkaid's Verilog (tools/alkaid_verilog.py, alkaid's RTLModel) is given to `lutc synth` through a
# minimal report.json naming its top and files, so LUT / CARRY / MUXF / FF / depth are counted the
# same way for both.
#   comb: lutc combinational          vs alkaid latency_cutoff=-1
#   pipe: alkaid latency_cutoff=$CUTOFF (default 2, the HGQ-LUT-AE flow's), and lutc with
#         --stage-delay D, D the smallest of $DELAYS whose latency is at most alkaid's (equal
#         latency where the model allows), so pipelined is compared with pipelined at comparable latency.
# Prints a Markdown table with lutc/alkaid ratios, plus the machine load before and after.
#
# Usage: bash bench/hgq_lutc_vs_alkaid.sh [build-dir] [family: xilinx | xcup] [MODEL...]
#        (default models: the 4 smaller ones first, then e32600)
#        LUTC_BENCH_CUTOFF=N  alkaid's pipelined latency cutoff
#        LUTC_BENCH_FLOWS=comb  only the combinational flows (default: comb and pipe)
#        LUTC_BENCH_COMPILE_FLAGS="--lut-pairs"  extra flags for lutc's combinational compile
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=$(cd "${1:-$root/build}" && pwd)/lutc
family=${2:-xilinx}
shift $(($# > 2 ? 2 : $#))
models=("$@")
[ ${#models[@]} -gt 0 ] || models=(e177791 e142016 e113938 e87994 e32600)
data=${LUTC_SHARED_DATA:-$root/../shared/data}/hgq_lut_ae/jsc_hlf_openml_alir
cutoff=${LUTC_BENCH_CUTOFF:-2}
flows=${LUTC_BENCH_FLOWS:-comb,pipe}
delays=(1 1.5 2 2.5 3 4 5 6 8 10 12 16 24 32)
python=$(bash "$root/tools/setup_python.sh" | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache
# alkaid's largest design takes Yosys longer than lutc's default 600 s tool timeout on a loaded machine.
export LUTC_TOOL_TIMEOUT=${LUTC_TOOL_TIMEOUT:-7200}

now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$2"; }
# synth_row DIR: "LUT CARRY MUXF FF DEPTH SYNTH_S" of `lutc synth DIR`.
synth_row() {
  timeout 7200 "$lutc" -q synth "$1" --target "$family" >/dev/null
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))
print(s["luts"], s["carry"], s["muxf"], s["ff"], s["depth"], "%.1f" % s["seconds"])' "$1/synth/report.json"
}
# alkaid_design MODEL DIR CUTOFF: alkaid's Verilog in DIR plus the report.json `lutc synth` reads;
# prints "LATENCY GEN_S".
alkaid_design() {
  local t0 t1
  t0=$(now)
  timeout 3600 "$python" "$root/tools/alkaid_verilog.py" "$1" -o "$2" --latency-cutoff "$3" >/dev/null 2>&1
  t1=$(now)
  python3 - "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/alkaid_verilog.json"))
design = {"top": d["top"], "target": "generic", "rtl_files": d["verilog"], "outputs": [{"name": "out", "width": 1}]}
json.dump({"model": "alkaid", "design": design}, open(sys.argv[1] + "/report.json", "w"))
PY
  echo "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["latency_cycles"] or 0)' "$2/alkaid_verilog.json") $(elapsed "$t0" "$t1")"
}
row() {  # label flow latency gen_s "LUT CARRY MUXF FF DEPTH SYNTH_S"
  local lut carry muxf ff depth syn
  read -r lut carry muxf ff depth syn <<<"$5"
  echo "| $1 | $2 | $3 | $lut | $carry | $muxf | $ff | $depth | $4 | $syn |"
  echo "$lut $ff $carry" >"$work/last"
}
ratio() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); print(f"{a / b:.2f}" if b else "-")' "$1" "$2"; }

echo "Yosys $(yosys -V | awk '{print $2}'), synth target $family, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | flow | latency | LUT | CARRY | MUXF | FF | depth | compile/gen s | synth s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
ratios=()
declare -A total  # flow -> "lutc_lut lutc_carry alkaid_lut alkaid_carry"
add_total() {  # flow lutc_lut lutc_carry alk_lut alk_carry
  local a b c d
  read -r a b c d <<<"${total[$1]:-0 0 0 0}"
  total[$1]="$((a + $2)) $((b + $3)) $((c + $4)) $((d + $5))"
}
for m in "${models[@]}"; do
  model=$data/$m/model.json
  # combinational
  t0=$(now)
  "$lutc" -q compile "$model" -o "$work/$m-lutc" --no-cache -j 2 ${LUTC_BENCH_COMPILE_FLAGS:-} >/dev/null
  t1=$(now)
  row "$m" "lutc comb" 0 "$(elapsed "$t0" "$t1")" "$(synth_row "$work/$m-lutc")"
  read -r lutc_lut lutc_ff lutc_carry <"$work/last"
  read -r latency gen <<<"$(alkaid_design "$model" "$work/$m-alkaid" -1)"
  row "$m" "alkaid comb (latency_cutoff=-1)" "$latency" "$gen" "$(synth_row "$work/$m-alkaid")"
  read -r alk_lut alk_ff alk_carry <"$work/last"
  ratios+=("| $m | comb | $(ratio "$lutc_lut" "$alk_lut") | $(ratio "$lutc_carry" "$alk_carry") | - |")
  add_total comb "$lutc_lut" "$lutc_carry" "$alk_lut" "$alk_carry"
  [[ $flows == *pipe* ]] || continue
  # pipelined
  read -r alk_latency gen <<<"$(alkaid_design "$model" "$work/$m-alkaid-pipe" "$cutoff")"
  chosen=${delays[-1]}
  for d in "${delays[@]}"; do
    "$lutc" -q compile "$model" -o "$work/$m-try" --stage-delay "$d" -j 2 >/dev/null
    if [ "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["latency"])' "$work/$m-try/report.json")" -le "$alk_latency" ]; then
      chosen=$d
      break
    fi
    rm -rf "$work/$m-try"
  done
  rm -rf "$work/$m-try"
  t0=$(now)
  "$lutc" -q compile "$model" -o "$work/$m-lutc-pipe" --stage-delay "$chosen" --no-cache -j 2 >/dev/null
  t1=$(now)
  latency=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["latency"])' "$work/$m-lutc-pipe/report.json")
  row "$m" "lutc pipelined (--stage-delay $chosen)" "$latency" "$(elapsed "$t0" "$t1")" "$(synth_row "$work/$m-lutc-pipe")"
  read -r lutc_lut lutc_ff lutc_carry <"$work/last"
  row "$m" "alkaid pipelined (latency_cutoff=$cutoff)" "$alk_latency" "$gen" "$(synth_row "$work/$m-alkaid-pipe")"
  read -r alk_lut alk_ff alk_carry <"$work/last"
  ratios+=("| $m | pipelined | $(ratio "$lutc_lut" "$alk_lut") | $(ratio "$lutc_carry" "$alk_carry") | $(ratio "$lutc_ff" "$alk_ff") |")
  add_total pipelined "$lutc_lut" "$lutc_carry" "$alk_lut" "$alk_carry"
done
echo
echo "| model | flows | LUT lutc/alkaid | CARRY lutc/alkaid | FF lutc/alkaid |"
echo "|---|---|---|---|---|"
printf '%s\n' "${ratios[@]}"
for f in comb pipelined; do
  [ -n "${total[$f]:-}" ] || continue
  read -r a b c d <<<"${total[$f]}"
  echo "| total | $f | $a / $c = $(ratio "$a" "$c") | $b / $d = $(ratio "$b" "$d") | |"
done
echo
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
