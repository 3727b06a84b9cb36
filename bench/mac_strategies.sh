#!/usr/bin/env bash
# Bench (on demand): constant-weight dense layers (a plain matrix-vector product, random weights
# with a fixed seed, tools/make_dense.py) lowered by each MAC strategy of lutc (`--mac mul |
# shift-add | lut-na | auto`, docs/model-format.md#dense-layers) beside alkaid's CMVM solution of
# the same matrix (alkaid.trace + cmvm, its own Verilog), every design through the SAME `lutc synth`
# (yosys_scripts/synth_xilinx.ys), in ONE run. Every lutc design is verified in Verilator against
# its software model (`lutc verify`, random vectors); alkaid's is checked against the matrix product
# by alkaid's interpreter when it is generated. Prints a Markdown table.
#
# Usage: bash bench/mac_strategies.sh [build-dir] [LAYER...]
#        LAYER = NxM:W:A (inputs x outputs, weight bits, activation bits), e.g. 16x16:4:4, or
#        cSPEC:W:A, a conv layer (tools/make_dense.py --conv SPEC), e.g. c6x6x2k3x3o4s1p1:4:4
# After each layer: whether `auto` needed no more LUTs than the best single strategy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=$(cd "${1:-$root/build}" && pwd)/lutc
shift $(($# > 0 ? 1 : 0))
layers=("$@")
[ ${#layers[@]} -gt 0 ] || layers=(16x16:2:2 16x16:4:4 16x16:8:8 32x32:2:2 32x32:4:4 64x64:2:2 64x64:4:4 c6x6x2k3x3o4s1p1:4:4)
vectors=${LUTC_BENCH_VECTORS:-2000}
python=$(bash "$root/tools/setup_python.sh" | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache
export LUTC_TOOL_TIMEOUT=${LUTC_TOOL_TIMEOUT:-7200}

# synth DIR: "LUT CARRY FF DEPTH" of `lutc synth DIR`.
synth() {
  timeout 7200 "$lutc" -q synth "$1" --target xilinx >/dev/null
  python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))
print(s["luts"], s["carry"], s["ff"], s["depth"])' "$1/synth/report.json"
}

echo "Yosys $(yosys -V | awk '{print $2}'), synth_xilinx, $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| layer | weights x act bits | flow | chosen | LUT | CARRY | FF | depth | verify (vectors, mismatches) |"
echo "|---|---|---|---|---|---|---|---|---|"
for layer in "${layers[@]}"; do
  IFS=':' read -r shape wb ab <<<"$layer"
  if [[ $shape == c* ]]; then
    shape_args=(--conv "${shape#c}")
    label="conv ${shape#c}"
    tag="c${shape#c}w${wb}a${ab}"
  else
    shape_args=(--inputs "${shape%x*}" --outputs "${shape#*x}")
    label=$shape
    tag="d${shape}w${wb}a${ab}"
  fi
  "$python" "$root/tools/make_dense.py" "${shape_args[@]}" --weight-bits "$wb" --act-bits "$ab" --seed 2026 \
    --name "$tag" -o "$work/$tag.yaml" --alkaid "$work/$tag-alkaid" >/dev/null 2>&1
  best_single=
  for mac in mul shift-add lut-na auto; do
    out="$work/$tag-$mac"
    timeout 3600 "$lutc" -q compile "$work/$tag.yaml" -o "$out" --mac "$mac" -j 2 >/dev/null
    chosen=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))["stages"]["read"]["dense"][0]
print(d["strategy"] + (" k=%d g=%d" % (d["chunk_bits"], d["group"]) if d["strategy"] == "lut-na" else ""))' "$out/report.json")
    ver=$(timeout 3600 "$lutc" -q verify "$out" --vectors "$vectors" | awk '/mismatches/ {print $1 ", " $3}')
    read -r lut carry ff depth <<<"$(synth "$out")"
    echo "| $label | $wb x $ab | lutc --mac $mac | $chosen | $lut | $carry | $ff | $depth | $ver |"
    if [ "$mac" != auto ]; then
      [ -n "$best_single" ] && [ "$best_single" -le "$lut" ] || best_single=$lut
    else
      auto_lut=$lut
    fi
  done
  python3 - "$work/$tag-alkaid" <<'PY'
import json, sys
d = json.load(open(sys.argv[1] + "/alkaid_verilog.json"))
design = {"top": d["top"], "target": "generic", "rtl_files": d["verilog"], "outputs": [{"name": "out", "width": 1}]}
json.dump({"model": "alkaid", "design": design}, open(sys.argv[1] + "/report.json", "w"))
PY
  read -r lut carry ff depth <<<"$(synth "$work/$tag-alkaid")"
  echo "| $label | $wb x $ab | alkaid CMVM | - | $lut | $carry | $ff | $depth | (interpreter = matrix product) |"
  echo "| $label | $wb x $ab | check | auto $auto_lut vs best single $best_single: $([ "$auto_lut" -le "$best_single" ] && echo ok || echo WORSE) | | | | | |"
done
echo
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%H:%M UTC')"
