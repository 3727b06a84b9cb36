#!/usr/bin/env bash
# How lutc's compile scales on HGQ-LUT models larger than the shared ones (issue 7: jet taggers
# with 512-1024 inputs, thousands of edge tables, 10k-25k ALIR ops; and a hybrid model whose
# QDense layer is alkaid's CMVM adder graph). The models are made here by tools/make_hgq_model.py
# (HGQ2 layers, briefly trained on synthetic data, traced by alkaid), compiled cold with -j 2
# under /usr/bin/time, and the compiled netlist is compared with alkaid's own outputs
# (`lutc eval` against CombLogic.predict on 1,000 random in-range inputs).
#
#   bash bench/hgq_scale.sh [BUILD_DIR]            all models
#   LUTC_SCALE_MODELS="i512 hyb512" bash bench/hgq_scale.sh   only those
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
lutc=$build/lutc
work=${LUTC_SCALE_WORK:-$(mktemp -d /tmp/lutc-hgq-scale-XXXXXX)}
mkdir -p "$work"
python=$(bash "$root/tools/setup_python.sh" | tail -n 1)

# name: make_hgq_model.py arguments
declare -A spec=(
  [i512]="--inputs 512 --outputs 5"
  [i1024h4]="--inputs 1024 --hidden 4 --outputs 5"
  [hyb512]="--inputs 512 --hybrid 32 --outputs 5"
)
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| model | ALIR ops | lookup tables | lutc LUTs (netlist) | CARRY4 emitted (+ LUTs of ternary adders) | compile wall s | CPU s (user+sys) | peak RSS MB | passes / minimize / netopt s | differences from alkaid |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for name in ${LUTC_SCALE_MODELS:-i512 i1024h4 hyb512}; do
  dir=$work/$name
  [ -f "$dir/model.json.gz" ] || timeout 3600 "$python" "$root/tools/make_hgq_model.py" ${spec[$name]} -o "$dir" >/dev/null 2>"$dir.gen.log"
  rm -rf "$dir/out" "$dir/cache"
  LUTC_CACHE_DIR=$dir/cache timeout 7200 /usr/bin/time -o "$dir/time.txt" -f '%e %U %S %M' \
    "$lutc" -q compile "$dir/model.json.gz" -o "$dir/out" -j 2 >/dev/null
  "$lutc" eval "$dir/out" --data "$dir/in.csv" --json --rows 0 > "$dir/eval.json"
  diff=$(python3 "$root/tools/same_outputs.py" "$dir/pred.csv" "$dir/eval.json" | grep -o '[0-9]* differences' | grep -o '[0-9]*') || true
  python3 - "$dir" "$name" "$diff" <<'PY'
import json, sys
d, name = sys.argv[1], sys.argv[2]
got = json.load(open(d + "/eval.json"))["outputs"]
diff = sys.argv[3]
meta = json.load(open(d + "/meta.json"))
r = json.load(open(d + "/out/report.json"))
st = r["stages"]
wall, user, sys_, rss = open(d + "/time.txt").read().split()
chains = st.get("emit", {}).get("carry_chains", {})
carry = f"{chains.get('carry4', 0)} (+{chains.get('ternary_luts', 0)} LUT6_2)"
print(f"| {name} | {meta['alir_ops']} | {meta['alir_lookup_tables']} | {r['luts']} | {carry} | {float(wall):.0f} | "
      f"{float(user) + float(sys_):.0f} | {int(rss) // 1024} | {st['passes']['seconds']:.0f} / {st['minimize']['seconds']:.0f} / "
      f"{st['netopt']['seconds']:.0f} | {diff} of {sum(len(o) for o in got)} values |")
PY
done
