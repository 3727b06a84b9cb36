#!/usr/bin/env bash
# Bench (on demand, not in CI): a NeuraLUT-5L-shaped network (tools/make_network.py, layers
# 128,128,128,64,5, 16 inputs, fan-in 4, 4 bits: 16-bit-index tables) compiled cold on 2 threads,
# then the same through `lutc compile --plan` + GNU parallel -j2 running `lutc minimize-job` into a
# shared cache + `lutc compile --cache`; checks the two netlists and RTL are byte-identical.
# Prints wall, CPU (user+sys) and peak memory of every step (/usr/bin/time -v).
#
#   bench/plan_parallel.sh [BUILD_DIR] [LAYERS]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
lutc=$(realpath "${1:-$root/build}")/lutc  # absolute: the steps run in a work directory
layers=${2:-128,128,128,64,5}
work=$(mktemp -d /tmp/lutc-plan-parallel-XXXXXX)
trap 'rm -rf "$work"' EXIT
cd "$work"
python3 "$root/tools/make_network.py" --layers "$layers" --inputs 16 --fanin 4 --bits 4 --seed 1 -o net.yaml
echo "machine: $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ), network $layers x 16-bit"
step() {  # step NAME CMD...: runs CMD under /usr/bin/time -v, prints one line
  local name=$1; shift
  /usr/bin/time -v -o time.txt timeout 3600 "$@" >"$name.log" 2>&1
  python3 - "$name" time.txt <<'PY'
import re, sys
t = open(sys.argv[2]).read()
g = lambda k: re.search(re.escape(k) + r": (.*)", t).group(1).strip()
wall = g("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
secs = sum(float(x) * 60 ** i for i, x in enumerate(reversed(wall)))
print(f"{sys.argv[1]}: {secs:.1f} s wall, {float(g('User time (seconds)')) + float(g('System time (seconds)')):.1f} s CPU, "
      f"{int(g('Maximum resident set size (kbytes)')) // 1024} MB peak")
PY
}
LUTC_CACHE_DIR=$work/cache-local step "cold compile -j 2" "$lutc" compile net.yaml -o local -j 2
echo "LUTs: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["luts"])' local/report.json)"
export LUTC_CACHE_DIR=$work/cache-plan
step "plan" "$lutc" compile net.yaml --plan plan --cache shared -j 2
echo "jobs: $(wc -l <plan/jobs.txt)"
step "parallel -j 2 minimize-job" parallel --halt now,fail=1 -j 2 "$lutc" -q minimize-job {} --cache shared :::: plan/jobs.txt
step "compile --cache" "$lutc" compile net.yaml -o viaplan --cache shared -j 2
grep -o '"cache_hits": *[0-9]*' viaplan/report.json
cmp local/netlist.json viaplan/netlist.json && diff -r local/rtl viaplan/rtl && echo "byte-identical: netlist.json and rtl/"
step "verify --vectors 100000" "$lutc" verify local --vectors 100000 -j 2
tail -1 "verify --vectors 100000.log"
