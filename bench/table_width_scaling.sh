#!/usr/bin/env bash
# Per-table time and LUT6 count by index width, lutc's builtin engine beside ABC's &ttopt flow on
# the same tables, in one run (on demand; not in ctest).
#
#   bench/table_width_scaling.sh [BUILD_DIR] [BEFORE_BENCH]
#
# Tables: one LogicNets-style neuron per width (bench/neuron_truth.py, made as
# tools/make_network.py makes its neurons, seed 1): fanin x bits = 4x3 (12), 7x2 (14), 5x3 (15),
# 4x4 (16), 6x3 (18), 5x4 (20), 7x3 (21). Per table:
#  - lutc builtin, effort 1 (minimize_bench; every result checked exactly), 1 thread and
#    LUTC_WIDTH_THREADS (default 2) threads inside the table;
#  - optionally BEFORE_BENCH, a minimize_bench binary of an older lutc (same table, 1 thread);
#  - ABC: read_truth -xf; &get -n; &ttopt -I n -O m; &dch -f; &if -K 6 -a; &mfs; &satlut -N 64 -C 1000.
# Seconds are wall clock and user CPU (/usr/bin/time); every run has a timeout (LUTC_WIDTH_TIMEOUT,
# default 900 s; "timeout" in the table). WIDTHS="12 16" restricts the widths; LUTC_WIDTH_THREADS=0
# skips the threaded run and LUTC_WIDTH_ABC=0 skips ABC ("skipped" in the table).
# Prints a Markdown table and writes it to bench/results/table_width_<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
BEFORE="${2:-}"
TIMEOUT="${LUTC_WIDTH_TIMEOUT:-900}"
THREADS="${LUTC_WIDTH_THREADS:-2}"
WIDTHS="${WIDTHS:-12 14 15 16 18 20 21}"
WORK="$(mktemp -d /tmp/lutc-width-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
cmake --build "$BUILD" --target minimize_bench >/dev/null
BENCH="$BUILD/minimize_bench"
export LUTC_CACHE_DIR="$WORK/cache"

shape() { case "$1" in 12) echo "4 3";; 14) echo "7 2";; 15) echo "5 3";; 16) echo "4 4";; 18) echo "6 3";; 20) echo "5 4";; 21) echo "7 3";; *) echo "no shape for width $1" >&2; exit 1;; esac; }

# run_lutc BIN THREADS FILE -> "luts wall user" or "timeout"
run_lutc() {
  local out
  if out=$( { LUTC_BENCH_THREADS="$2" /usr/bin/time -f "TIME %e %U" timeout "$TIMEOUT" "$1" truth builtin 1 6 "$3"; } 2>&1 ); then
    echo "$out" | awk '/^TIME/ { w = $2; u = $3 } !/^TIME/ && NF >= 5 { l = $2; ok = $5 } END { if (ok != "ok") print "WRONG"; else print l, w, u }'
  else
    echo "timeout"
  fi
}

run_abc() {  # FILE INPUTS OUTPUTS -> "luts wall user" or "timeout"
  local out
  if out=$( { cd "$WORK" && /usr/bin/time -f "TIME %e %U" timeout "$TIMEOUT" berkeley-abc -c \
      "read_truth -xf $1; &get -n; &ttopt -I $2 -O $3; &dch -f; &if -K 6 -a; &mfs; &satlut -N 64 -C 1000; &ps"; } 2>&1 ); then
    echo "$out" | awk '/^TIME/ { w = $2; u = $3 } { if (match($0, /lut = *[0-9]+/)) { s = substr($0, RSTART, RLENGTH); gsub(/[^0-9]/, "", s); l = s } } END { print l, w, u }'
  else
    echo "timeout"
  fi
}

cell() { [ "$1" = skipped ] && { echo "skipped | | "; return; }; [ "$1" = timeout ] && echo "timeout | > $TIMEOUT | " || { set -- $1; echo "$1 | $2 | $3"; }; }

report="$WORK/report.md"
{
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); load at start $(cut -d' ' -f1 /proc/loadavg); $(date -u +%Y-%m-%d)."
  echo
  head="| width | fanin x bits | lutc LUTs | wall s | CPU s | lutc $THREADS threads LUTs | wall s | CPU s |"
  sep="|---|---|---|---|---|---|---|---|"
  if [ -n "$BEFORE" ]; then head="$head before LUTs | wall s | CPU s |"; sep="$sep---|---|---|"; fi
  echo "$head ABC &ttopt flow LUTs | wall s | CPU s |"
  echo "$sep---|---|---|"
} > "$report"
for w in $WIDTHS; do
  read -r fanin bits < <(shape "$w")
  f="$WORK/n$w.truth"
  python3 "$ROOT/bench/neuron_truth.py" --fanin "$fanin" --bits "$bits" --seed 1 -o "$f"
  one=$(run_lutc "$BENCH" 1 "$f")
  if [ "$THREADS" -gt 0 ]; then par=$(run_lutc "$BENCH" "$THREADS" "$f"); else par=skipped; fi
  row="| $w | $fanin x $bits | $(cell "$one") | $(cell "$par") |"
  if [ -n "$BEFORE" ]; then row="$row $(cell "$(run_lutc "$BEFORE" 1 "$f")") |"; fi
  if [ "${LUTC_WIDTH_ABC:-1}" != 0 ]; then abc=$(run_abc "$f" "$w" "$bits"); else abc=skipped; fi
  row="$row $(cell "$abc") |"
  echo "$row" >> "$report"
  echo "$row"
done
mkdir -p "$ROOT/bench/results"
out="$ROOT/bench/results/table_width_$(date -u +%Y%m%d).md"
cp "$report" "$out"
cat "$report"
echo "written to $out"
