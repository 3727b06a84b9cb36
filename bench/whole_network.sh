#!/usr/bin/env bash
# Whole-network optimization (netopt, issue 10), ONE run per network, every design through the
# same synthesis code (`lutc synth`, yosys_scripts/):
#   lutc --no-netopt    per-table minimization only;
#   lutc                with netopt (docs/netopt.md);
#   Yosys ROM           the network written as LogicNets case ROMs (tools/network_to_case_rom.py),
#                       synth_xilinx, LUT + MUXF;
#   Yosys re-synth      lutc's own netlist (--target generic) through `synth; abc -lut 6`;
#   ABC re-synth        lutc's netlist as BLIF (tools/netlist_to_blif.py) through
#                       `strash; &if -K 6 -a; &mfs; &satlut`: nodes after / before (what it would still save).
# Every lutc design is verified (`lutc verify`, 100k random vectors).
#
#   bash bench/whole_network.sh [BUILD_DIR]     (hours on 2 cores: Yosys on the larger case ROMs
#                                               and re-synthesizing lutc's netlist are slow; they get LUTC_WN_SYNTH_TIMEOUT seconds, default 7200)
#   LUTC_WN_NETWORKS="jsc_s fanin5" bash bench/whole_network.sh   runs only those rows
# The case-ROM anchor does not depend on lutc's optimizer: its LUTs are a function of the ROM
# Verilog, the Yosys script, the Yosys version and lutc's cell counting (backend/synth.cpp) alone.
# Each result is kept in bench/results/whole_network_rom_anchors.tsv under the SHA-256 of those
# four (rows marked "cached" reuse it; LUTC_WN_FRESH_ROM=1 measures every ROM again and warns when
# it differs from the file). Above LUTC_WN_RESYNTH_MAX_LUTS lutc LUTs (default 1000) Yosys's
# `synth; abc -lut 6` of lutc's netlist is skipped (it passed 600 s on the 1,685-LUT digits
# network and on JSC-L); ABC's script still runs. LUTC_WN_ROM_SAMPLE (default "neuralut wide":
# 16-bit ROMs, and 645 12-bit ROMs, are hours of Yosys) lists networks whose case ROMs are measured
# on a sample of LUTC_WN_SAMPLE_NEURONS neurons (default 8, every K-th in node order, each as a
# one-table network beside lutc's per-table LUTs for the same table; the ratio column ends in "s").
# LUTC_WN_NO_ROM lists networks whose case ROMs are not synthesized at all.
# Rows: random-weight networks from tools/make_network.py (JSC-S/M/L-like, a wide one, fan-in 5,
# NeuraLUT-5L-like), networks trained on real data by tools/train_logicnets.py, and hgcal.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
lutc=$build/lutc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache

now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print('%.1f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$1" "$2"; }
jget() { python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d = d[k]
print(d)' "$1" "$2"; }
synth() {  # DIR TARGET [TIMEOUT] -> "LUT MUXF", or "- -" when Yosys fails or passes the timeout (600 s)
  if LUTC_TOOL_TIMEOUT=${3:-600} timeout $((${3:-600} + 60)) "$lutc" -q synth "$1" --target "$2" >/dev/null 2>"$1.synth.err"; then
    echo "$(jget "$1/synth/report.json" luts) $(jget "$1/synth/report.json" muxf)"
  else
    echo "- -"
  fi
}
anchors=${LUTC_WN_ANCHORS:-$root/bench/results/whole_network_rom_anchors.tsv}
rom_key() {  # ROM_DIR -> SHA-256 of the ROM Verilog, the Yosys script, lutc's cell counting and the Yosys version
  python3 - "$1" "$root/yosys_scripts/synth_xilinx.ys" "$root/compiler/backend/synth.cpp" "$(yosys -V)" <<'PY'
import hashlib, json, os, sys
design = json.load(open(os.path.join(sys.argv[1], "report.json")))["design"]
h = hashlib.sha256()
for f in design["rtl_files"]:
    h.update(open(f if os.path.isabs(f) else os.path.join(sys.argv[1], f), "rb").read())
h.update(open(sys.argv[2], "rb").read())
h.update(open(sys.argv[3], "rb").read())
h.update(sys.argv[4].encode())
print(h.hexdigest())
PY
}
rom_synth() {  # NAME ROM_DIR -> "LUT MUXF NOTE": from the anchor file when its key is there, else measured (and recorded)
  local key cached
  key=$(rom_key "$2")
  cached=$(awk -F'\t' -v k="$key" '$1 == k {print $3, $4, $5; exit}' "$anchors" 2>/dev/null || true)
  if [ -n "$cached" ] && [ "${LUTC_WN_FRESH_ROM:-0}" != 1 ]; then
    read -r c_lut c_muxf c_date <<<"$cached"
    echo "$c_lut $c_muxf cached-$c_date"
    return
  fi
  read -r r_lut r_muxf <<<"$(synth "$2" xilinx "${LUTC_WN_SYNTH_TIMEOUT:-7200}")"
  if [ -n "$cached" ]; then
    read -r c_lut c_muxf c_date <<<"$cached"
    [ "$r_lut $r_muxf" = "$c_lut $c_muxf" ] || echo "whole_network: $1's case ROMs gave $r_lut + $r_muxf, the anchor file says $c_lut + $c_muxf" >&2
  elif [ "$r_lut" != - ]; then
    printf '%s\t%s\t%s\t%s\t%s\n' "$key" "$1" "$r_lut" "$r_muxf" "$(date -u +%Y-%m-%d)" >> "$anchors"
  fi
  echo "$r_lut $r_muxf measured"
}
write_rom_dir() {  # MODEL DIR: the model as LogicNets case ROMs (DIR/rom.v) with a report.json `lutc synth` reads
  mkdir -p "$2"
  python3 "$root/tools/network_to_case_rom.py" "$1" "$2/rom.v"
  python3 - "$2" <<'PY'
import json, re, sys
top = re.findall(r"^module (\w+)", open(sys.argv[1] + "/rom.v").read(), re.M)[-1]  # the wiring module comes last
design = {"top": top, "target": "generic", "rtl_files": ["rom.v"], "outputs": [{"name": "out", "width": 1}]}
json.dump({"model": "rom", "design": design}, open(sys.argv[1] + "/report.json", "w"))
PY
}
sample_list=${LUTC_WN_ROM_SAMPLE-neuralut wide}
rom_sample() {  # NAME MODEL -> "ROM_LUT ROM_MUXF NOTE RATIO" over a sample of the network's neurons
  # Every K-th neuron (K = neurons / LUTC_WN_SAMPLE_NEURONS, default 8 neurons) as a one-table
  # network: its case ROM through Yosys (anchored per neuron like the whole ROMs) beside lutc's
  # per-table result for the same table, both counted by the same `lutc synth --target xilinx`.
  local n every sdir neuron lsum=0 rsum=0 msum=0 taken=0 r_lut r_muxf r_note l_lut l_muxf
  n=$(python3 -c "import sys, yaml; print(len(yaml.safe_load(open(sys.argv[1]))['nodes']))" "$2")
  every=$(( (n + ${LUTC_WN_SAMPLE_NEURONS:-8} - 1) / ${LUTC_WN_SAMPLE_NEURONS:-8} ))
  sdir=$work/$1-sample
  for neuron in $(python3 "$root/tools/sample_neurons.py" "$2" "$sdir" --every "$every"); do
    "$lutc" -q compile "$sdir/$neuron.yaml" -o "$sdir/$neuron" -j 2 >/dev/null
    read -r l_lut l_muxf <<<"$(synth "$sdir/$neuron" xilinx)"
    write_rom_dir "$sdir/$neuron.yaml" "$sdir/$neuron-rom"
    read -r r_lut r_muxf r_note <<<"$(rom_synth "$1:$neuron" "$sdir/$neuron-rom")"
    echo "whole_network: $1 sample $neuron: lutc $l_lut + $l_muxf MUXF, case ROM $r_lut + $r_muxf MUXF ($r_note)" >&2
    [[ "$l_lut" =~ ^[0-9]+$ && "$r_lut" =~ ^[0-9]+$ ]] || { echo "- - (sample-failed:$neuron) -"; return; }
    lsum=$((lsum + l_lut)) rsum=$((rsum + r_lut)) msum=$((msum + r_muxf)) taken=$((taken + 1))
  done
  echo "$rsum $msum (sampled:${taken}-of-${n}-neurons,lutc-per-table-$lsum) $(python3 -c "print('%.3f' % ($lsum / $rsum))")s"
}
abc_nodes() {  # BLIF SCRIPT -> node count after the script
  timeout 1800 berkeley-abc -c "read_blif $1; sweep; $2; print_stats" 2>&1 | grep -o 'nd = *[0-9]*' | tail -1 | grep -o '[0-9]*'
}

python3 "$root/tools/make_network.py" --layers 64,32,32,32,5 --inputs 16 --fanin 3 --bits 2 --seed 1 -o "$work/jsc_s.yaml" >/dev/null
python3 "$root/tools/make_network.py" --layers 64,32,32,32,5 --inputs 16 --fanin 4 --bits 3 --seed 1 -o "$work/jsc_m.yaml" >/dev/null
python3 "$root/tools/make_network.py" --layers 128,128,128,64,5 --inputs 16 --fanin 4 --bits 3 --seed 1 -o "$work/jsc_l.yaml" >/dev/null
python3 "$root/tools/make_network.py" --layers 256,128,128,128,5 --inputs 32 --fanin 4 --bits 3 --seed 2 -o "$work/wide.yaml" >/dev/null
python3 "$root/tools/make_network.py" --layers 48,24,12,5 --inputs 12 --fanin 5 --bits 2 --seed 4 -o "$work/fanin5.yaml" >/dev/null
python3 "$root/tools/make_network.py" --layers 128,128,128,64,5 --inputs 16 --fanin 4 --bits 4 --seed 1 -o "$work/neuralut.yaml" >/dev/null
python3 "$root/tools/train_logicnets.py" --dataset digits --hidden 32,16 --fanin 4 --bits 3 --seed 1 -o "$work/digits.yaml" >/dev/null
python3 "$root/tools/train_logicnets.py" --dataset breast_cancer --hidden 24,12 --fanin 5 --bits 2 --seed 1 -o "$work/breast_cancer.yaml" >/dev/null

echo "Yosys $(yosys -V | awk '{print $2}'), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC'), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| network | lutc --no-netopt LUT | lutc LUT (Yosys LUT + MUXF) | lutc s | netopt s | verify | Yosys ROM LUT + MUXF | Yosys re-synth of lutc | ABC re-synth after/before | lutc / ROM |"
echo "|---|---|---|---|---|---|---|---|---|---|"
all="jsc_s jsc_m jsc_l wide fanin5 neuralut digits breast_cancer hgcal"
for name in ${LUTC_WN_NETWORKS:-$all}; do
  case " $all " in *" $name "*) ;; *) echo "unknown network $name (known: $all)" >&2; exit 2 ;; esac
  model=$work/$name.yaml
  [ "$name" = hgcal ] && model=$root/../shared/data/logicnets_hgcal_quant2
  "$lutc" -q compile "$model" -o "$work/$name-plain" -j 2 --no-netopt >/dev/null
  t0=$(now)
  "$lutc" -q compile "$model" -o "$work/$name" -j 2 >/dev/null
  t1=$(now)
  read -r lut muxf <<<"$(synth "$work/$name" xilinx)"
  "$lutc" -q verify "$work/$name" > "$work/verify.txt"
  mism=$(grep -o '[0-9]* mismatches' "$work/verify.txt")
  netopt_s=$(python3 -c "import json; print('%.1f' % json.load(open('$work/$name/report.json'))['stages']['netopt']['seconds'])")
  "$lutc" -q compile "$model" -o "$work/$name-generic" -j 2 --target generic >/dev/null
  if [ "$lut" != - ] && [ "$lut" -le "${LUTC_WN_RESYNTH_MAX_LUTS:-1000}" ]; then
    read -r resyn _ <<<"$(synth "$work/$name-generic" generic "${LUTC_WN_SYNTH_TIMEOUT:-7200}")"
  else
    resyn="skipped ($lut LUT)"
  fi
  python3 "$root/tools/netlist_to_blif.py" "$work/$name/netlist.json" "$work/$name.blif"
  abc_before=$(abc_nodes "$work/$name.blif" "print_stats")
  abc_after=$(abc_nodes "$work/$name.blif" "strash; &get -n; &if -K 6 -a; &mfs; &satlut; &put")
  if [[ " ${LUTC_WN_NO_ROM-} " == *" $name "* ]]; then
    :  # no case ROMs written (see the header)
  elif [ "$name" = hgcal ]; then
    rom="$model"  # the design's own LogicNets case ROMs
    mkdir -p "$work/$name-rom"
    python3 - "$work/$name-rom" "$model" <<'PY'
import glob, json, os, sys
files = sorted(glob.glob(os.path.join(sys.argv[2], "*.v")))
design = {"top": "logicnet", "target": "generic", "rtl_files": files, "outputs": [{"name": "out", "width": 1}]}
json.dump({"model": "rom", "design": design}, open(sys.argv[1] + "/report.json", "w"))
PY
  elif [[ " $sample_list " != *" $name "* ]]; then
    write_rom_dir "$model" "$work/$name-rom"
  fi
  if [[ " ${LUTC_WN_NO_ROM-} " == *" $name "* ]]; then
    rom_lut="not run" rom_muxf=- rom_note="(LUTC_WN_NO_ROM)"
    ratio=-
  elif [[ " $sample_list " == *" $name "* ]]; then
    read -r rom_lut rom_muxf rom_note ratio <<<"$(rom_sample "$name" "$model")"
  else
    read -r rom_lut rom_muxf rom_note <<<"$(rom_synth "$name" "$work/$name-rom")"
    ratio=$(python3 -c "import sys; print('%.2f' % (int(sys.argv[1]) / int(sys.argv[2])) if sys.argv[2].isdigit() else '-')" "$lut" "$rom_lut")
  fi
  echo "| $name | $(jget "$work/$name-plain/report.json" luts) | **$lut** (+$muxf) | $(elapsed "$t0" "$t1") | $netopt_s | $mism | $rom_lut (+$rom_muxf) $rom_note | $resyn | $abc_after / $abc_before | $ratio |"
done
