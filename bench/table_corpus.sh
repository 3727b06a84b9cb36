#!/usr/bin/env bash
# The per-table engine on a corpus nobody tuned it for (issue 10), ONE run, three engines:
#   builtin   lutc's decomposition engine alone;
#   auto      lutc's default (builtin, plus ABC's flow on every table wider than K unless builtin
#             meets the LUT lower bound; the fewer LUTs win);
#   ABC       ABC's strongest scripted flow as lutc runs it (docs/minimize.md):
#             &ttopt [-R 1 with the care set]; &dch -f; &if -K 6 -a; &mfs; &satlut -N 64 -C 1000.
# The corpus: every distinct table wider than 6 inputs, with the care set lutc's passes give it, from
#   iwls2022     the 16 IWLS'22 LogicNets neurons (../shared/data, fully specified);
#   hgcal        the LogicNets hgcal design (../shared/data);
#   trained      LogicNets-style networks trained on scikit-learn's digits, breast_cancer, wine and
#                iris (tools/train_logicnets.py: fan-in 3-7, 2-4 bits; layers after the first get
#                reachability don't cares);
#   random       JSC-S/M-like networks with random weights (tools/make_network.py).
# A fixed bit of each table's content hash puts it in the tuning or the reporting half; the report
# gives both. Every result is checked exactly on its care set (`verified` must be ok).
#
#   bash bench/table_corpus.sh [BUILD_DIR]      (about 15 minutes on 2 cores)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
data=${LUTC_SHARED_DATA:-$root/../shared/data}
work=$(mktemp -d /tmp/lutc-corpus-XXXXXX)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache   # never measure cache hits
cmake --build "$build" --target lutc minimize_bench >/dev/null
mkdir -p "$work/models" "$work/corpus"

# Trained networks: dataset hidden fanin bits.
while read -r dataset hidden fanin bits; do
  python3 "$root/tools/train_logicnets.py" --dataset "$dataset" --hidden "$hidden" --fanin "$fanin" --bits "$bits" \
    -o "$work/models/${dataset}_f${fanin}_b${bits}.yaml" >&2
done <<'LIST'
digits 32,16 3 3
digits 32,16 4 3
digits 32,16 6 2
digits 24,16 3 4
breast_cancer 24,12 5 2
breast_cancer 16,8 4 3
wine 24,12 7 2
iris 16,8 4 3
LIST
python3 "$root/tools/make_network.py" --layers 64,32,32,32,5 --inputs 16 --fanin 4 --bits 3 --seed 7 -o "$work/models/random_jsc_m.yaml" >/dev/null
python3 "$root/tools/make_network.py" --layers 48,24,12,5 --inputs 12 --fanin 5 --bits 2 --seed 8 -o "$work/models/random_fanin5.yaml" >/dev/null
cp -r "$data/logicnets_hgcal_quant2" "$work/models/hgcal"
# The tables as lutc's passes leave them (pruned, with reachability care sets): OUT/model.yaml.
for m in "$work"/models/*; do
  name=$(basename "$m" .yaml)
  timeout 1800 "$build/lutc" -q compile "$m" -o "$work/out_$name" -j 2 --no-netopt --engine builtin >/dev/null
  cp "$work/out_$name/model.yaml" "$work/corpus/$name.yaml"
done
cp "$data"/iwls2022/ex*.truth "$work/corpus/"

# The three engines run on each table in turn, so load on the machine slows them alike.
timeout 7200 "$build/minimize_bench" model builtin,auto,abc 1 6 "$work"/corpus/* > "$work/all.tsv"
if grep -q WRONG "$work/all.tsv"; then echo "an engine produced a wrong table" >&2; exit 1; fi
for engine in builtin auto abc; do
  awk -F'\t' -v e="$engine" 'BEGIN { OFS = "\t" } $1 == e { $1 = ""; sub(/^\t/, ""); print }' "$work/all.tsv" > "$work/$engine.tsv"
done

report=$root/bench/results/table_corpus_$(date -u +%Y%m%d).md
python3 - "$work" > "$report" <<'PY'
import sys
from collections import defaultdict
work = sys.argv[1]
def load(engine):
    rows = {}
    for line in open(f"{work}/{engine}.tsv"):
        name, h, half, bits, outs, care, luts, depth, sec, ok, used = line.rstrip("\n").split("\t")
        rows[h] = dict(name=name, half=half, bits=int(bits), luts=int(luts), sec=float(sec), used=used,
                       source=("iwls2022" if name.startswith("ex") else "hgcal" if name.startswith("hgcal")
                               else "random" if name.startswith("random") else "trained"),
                       care=float(care))
    return rows
b, a, x = load("builtin"), load("auto"), load("abc")
def table(key_of, title):
    print(f"| {title} | tables | builtin LUT | auto LUT | ABC LUT | builtin / ABC | auto / ABC | tables auto > ABC | builtin > ABC | auto s | ABC s | auto s / ABC s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    groups = defaultdict(list)
    for h in x:
        groups[key_of(x[h])].append(h)
    groups["all"] = list(x)
    for g, hs in groups.items():
        tb, ta, tx = (sum(r[h]["luts"] for h in hs) for r in (b, a, x))
        sa, sx = sum(a[h]["sec"] for h in hs), sum(x[h]["sec"] for h in hs)
        worse = sum(a[h]["luts"] > x[h]["luts"] for h in hs)
        bworse = sum(b[h]["luts"] > x[h]["luts"] for h in hs)
        print(f"| {g} | {len(hs)} | {tb} | {ta} | {tx} | {tb / tx:.3f} | {ta / tx:.3f} | {worse} | {bworse} | {sa:.1f} | {sx:.1f} | {sa / sx:.2f} |")
    print()
print(f"{len(x)} distinct tables wider than 6 inputs; seconds are per-table engine time (one thread).\n")
table(lambda r: r["half"], "half")
table(lambda r: r["source"], "source")
table(lambda r: f"{r['bits']} inputs", "index bits")
used = defaultdict(int)
for h in a:
    used[a[h]["used"]] += 1
print("auto kept: " + ", ".join(f"{k} {v}" for k, v in sorted(used.items())) + "\n")
print("Tables where builtin alone needs more LUTs than ABC (auto keeps ABC's there):\n")
for h in sorted(x, key=lambda h: x[h]["name"]):
    if b[h]["luts"] > x[h]["luts"]:
        print(f"- {x[h]['name']} ({x[h]['bits']} inputs, care {x[h]['care']:.3f}): builtin {b[h]['luts']}, ABC {x[h]['luts']}, auto {a[h]['luts']}")
PY
cat "$report"
echo "written $report" >&2
