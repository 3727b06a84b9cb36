#!/usr/bin/env bash
# Bench (on demand): alkaid's own Verilog for the 5 shared HGQ-LUT jet-tagging models and the
# trained examples/*/model.json.gz, through the project's Yosys script (yosys_scripts/
# synth_xilinx.ys: synth_xilinx -flatten -noiopad ...), both combinational (latency_cutoff=-1)
# and pipelined (latency_cutoff=$CUTOFF, default 2 as in the HGQ-LUT-AE reproduction flow).
# Prints a Markdown table: model, flow, LUT, CARRY4, MUXF, FF, latency (cycles), generation and
# synthesis seconds.
#
# Usage: bash bench/hgq_alkaid.sh [NAME_SUBSTRING...]     (default: all models)
#        LUTC_BENCH_CUTOFF=N to change the pipelined flow's latency cutoff.
# Each flow is one `flow_*` function printing "LUT CARRY MUXF FF LATENCY GEN_S SYNTH_S"; to add
# a column (lutc), write flow_lutc_comb / flow_lutc_pipe and list them in FLOWS.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
data=${LUTC_SHARED_DATA:-$root/../shared/data}/hgq_lut_ae/jsc_hlf_openml_alir
cutoff=${LUTC_BENCH_CUTOFF:-2}
python=$(bash "$root/tools/setup_python.sh" | tail -n 1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
FLOWS=(alkaid_comb alkaid_pipe)

now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.1f}")' "$1" "$2"; }

# synth DIR TOP FILE...: the project's Yosys script on the files; writes DIR/stat.json, prints
# "LUT CARRY MUXF FF".
synth() {
  local dir=$1 top=$2
  shift 2
  sed -e "s|{{READ}}|read_verilog $*|" -e "s|{{TOP}}|$top|" -e "s|{{STAT_JSON}}|$dir/stat.json|" \
    -e "s|{{NETLIST_JSON}}|$dir/netlist.json|" "$root/yosys_scripts/synth_xilinx.ys" >"$dir/synth.ys"
  timeout 3600 yosys -q -s "$dir/synth.ys" >"$dir/yosys.log" 2>&1 || {
    echo "bench: yosys failed on $dir (see $dir/yosys.log)" >&2
    tail -n 5 "$dir/yosys.log" >&2
    return 1
  }
  python3 - "$dir/stat.json" "$top" <<'PY'
import json, sys
cells = json.load(open(sys.argv[1]))["modules"]["\\" + sys.argv[2]]["num_cells_by_type"]
count = lambda *prefixes: sum(v for k, v in cells.items() if k.startswith(prefixes))
print(count("LUT"), count("CARRY"), count("MUXF"), count("FD"))
PY
}

# alkaid MODEL DIR CUTOFF: alkaid's Verilog for MODEL (latency cutoff CUTOFF) synthesized.
alkaid() {
  local model=$1 dir=$2 cutoff=$3 t0 t1 t2 stats latency files
  t0=$(now)
  timeout 1800 "$python" "$root/tools/alkaid_verilog.py" "$model" -o "$dir" --latency-cutoff "$cutoff" 2>/dev/null
  t1=$(now)
  files=$(python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); print(" ".join(sys.argv[2] + "/" + f for f in d["verilog"]))' \
    "$dir/alkaid_verilog.json" "$dir")
  latency=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["latency_cycles"])' "$dir/alkaid_verilog.json")
  stats=$(synth "$dir" model $files)
  t2=$(now)
  echo "$stats $latency $(elapsed "$t0" "$t1") $(elapsed "$t1" "$t2")"
}
flow_alkaid_comb() { alkaid "$1" "$2" -1; }
flow_alkaid_pipe() { alkaid "$1" "$2" "$cutoff"; }

flow_label() {
  case $1 in
    alkaid_comb) echo "alkaid comb (latency_cutoff=-1)" ;;
    alkaid_pipe) echo "alkaid pipelined (latency_cutoff=$cutoff)" ;;
    *) echo "$1" ;;
  esac
}

echo "Yosys $(yosys -V | awk '{print $2}'), $(nproc) cores, $(date -u +%Y-%m-%d)"
echo
echo "| model | flow | LUT | CARRY4 | MUXF | FF | latency | gen s | synth s |"
echo "|---|---|---|---|---|---|---|---|---|"
# name, label and ALIR file of every model: the 5 shared jet-tagging models, then the shipped examples.
models=()
for model_dir in "$data"/e*; do
  name=$(basename "$model_dir")
  acc=$(basename "$(ls "$model_dir"/../../jsc_hlf_openml/epoch="${name#e}"-*.keras)" | sed -n 's/.*val_acc=\([0-9.]*\)-.*/\1/p')
  models+=("$name|$name (val_acc $acc)|$model_dir/model.json")
done
for example in "$root"/examples/*/model.json.gz; do
  name=$(basename "$(dirname "$example")")
  models+=("$name|examples/$name|$example")
done

for entry in "${models[@]}"; do
  IFS='|' read -r name label model <<<"$entry"
  if [ $# -gt 0 ]; then
    keep=0
    for want in "$@"; do [[ $name == *"$want"* ]] && keep=1; done
    [ $keep = 1 ] || continue
  fi
  for flow in "${FLOWS[@]}"; do
    row=$("flow_$flow" "$model" "$work/$name-$flow") || row="failed - - - - - -"
    read -r lut carry muxf ff latency gen syn <<<"$row"
    echo "| $label | $(flow_label "$flow") | $lut | $carry | $muxf | $ff | $latency | $gen | $syn |"
  done
done
