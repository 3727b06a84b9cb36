#!/usr/bin/env bash
# Bench of lutc's table-to-logic engines against ABC and Yosys (run on demand; not in ctest).
#
#   bench/minimize_iwls2022.sh [BUILD_DIR]     (default BUILD_DIR: build)
#
# Builds the target minimize_bench (bench/minimize_bench.cpp) in BUILD_DIR, then in one run:
#  - iwls2022 ex68..ex83 (12 inputs, 3 outputs, fully specified): LUT6 count and seconds of
#    lutc builtin (effort 1), lutc portfolio, ABC
#      read_truth -xf f.truth; &get -n; &ttopt -I 12 -O 3; &dch -f; &if -K 6 -a; &mfs; &satlut -N 64 -C 1000
#    and Yosys `synth_xilinx -flatten -noiopad` on the table written as a case-statement ROM;
#  - iwls2020 ex20/21/40/41 (care set = train.pla): LUT6 and test accuracy of lutc builtin,
#    lutc portfolio and the lutc ABC engine (&ttopt -R 1 with the care file, then the flow above).
# Prints a Markdown report and writes it to bench/results/minimize_<date>.md.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
DATA="${LUTC_SHARED_DATA:-$ROOT/../shared/data}"
WORK="$(mktemp -d /tmp/lutc-bench-XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
[ -f "$BUILD/build.ninja" ] || [ -f "$BUILD/Makefile" ] || { echo "no configured build in $BUILD: run tools/setup.sh first" >&2; exit 1; }
cmake --build "$BUILD" --target minimize_bench >/dev/null
BENCH="$BUILD/minimize_bench"
export LUTC_CACHE_DIR="$WORK/cache"   # never measure cache hits
now() { date +%s.%N; }

# Case-statement ROM of a .truth file (output j = line j, most significant minterm first).
write_rom() {
  awk 'BEGIN { n = 0 }
       NF { line[n++] = $1 }
       END {
         len = length(line[0]); k = 0; while ((2 ^ k) < len) k++;
         printf "module rom(input [%d:0] x, output reg [%d:0] y);\n  always @* begin\n    case (x)\n", k - 1, n - 1;
         for (m = 0; m < len; m++) {
           printf "      %d'"'"'d%d: y = %d'"'"'b", k, m, n;
           for (j = n - 1; j >= 0; j--) printf "%s", substr(line[j], len - m, 1);
           printf ";\n";
         }
         printf "    endcase\n  end\nendmodule\n";
       }' "$1" > "$2"
}

report="$WORK/report.md"
{
  echo "## iwls2022 ex68..ex83 (LUT6; seconds)"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); $(date -u +%Y-%m-%d)."
  echo
  echo "| function | lutc builtin | s | \`lutc compile\` LUTs | s | lutc portfolio | s | ABC &ttopt flow | s | Yosys ROM LUT (+MUXF) | s | builtin / ABC | compile LUTs / Yosys | compile s / Yosys s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} > "$report"
tb=0; tp=0; ta=0; ty=0; tm=0; sb=0; sp=0; sa=0; sy=0; tc=0; sc=0
for f in "$DATA"/iwls2022/ex*.truth; do
  name=$(basename "$f" .truth)
  read -r _ lb _ secb okb _ < <("$BENCH" truth builtin 1 6 "$f")
  read -r _ lp _ secp okp usedp < <("$BENCH" truth portfolio 1 6 "$f")
  [ "$okb" = ok ] && [ "$okp" = ok ] || { echo "$name: lutc result not verified" >&2; exit 1; }
  # The whole compiler, read to Verilog, as a user runs it (no cache).
  t0=$(now)
  "$BUILD/lutc" -q compile "$f" -o "$WORK/compiled_$name" --no-cache -j 1 >/dev/null
  t1=$(now); secc=$(echo "$t1 - $t0" | bc)
  lc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["luts"])' "$WORK/compiled_$name/report.json")
  t0=$(now)
  la=$(cd "$WORK" && berkeley-abc -c "read_truth -xf $f; &get -n; &ttopt -I 12 -O 3; &dch -f; &if -K 6 -a; &mfs; &satlut -N 64 -C 1000; &ps" 2>&1 \
       | grep -o 'lut = *[0-9]*' | grep -o '[0-9]*$')
  t1=$(now); seca=$(echo "$t1 - $t0" | bc)
  write_rom "$f" "$WORK/rom.v"
  t0=$(now)
  ystat=$(yosys -q -p "read_verilog $WORK/rom.v; synth_xilinx -flatten -noiopad -top rom; tee -o $WORK/stat.txt stat" >/dev/null 2>&1; cat "$WORK/stat.txt")
  t1=$(now); secy=$(echo "$t1 - $t0" | bc)
  ly=$(echo "$ystat" | awk '$1 ~ /^LUT[1-6]$/ { s += $2 } END { print s + 0 }')
  lm=$(echo "$ystat" | awk '$1 ~ /^MUXF[78]$/ { s += $2 } END { print s + 0 }')
  ratio=$(echo "scale=4; $lb / $la" | bc)
  printf '| %s | %s | %.2f | %s | %.2f | %s (%s) | %.2f | %s | %.2f | %s (+%s) | %.1f | %.2f | %.2f | %.3f |\n' "$name" "$lb" "$secb" \
    "$lc" "$secc" "$lp" "$usedp" "$secp" "$la" "$seca" "$ly" "$lm" "$secy" "$ratio" \
    "$(echo "scale=4; $lc / $ly" | bc)" "$(echo "scale=4; $secc / $secy" | bc)" >> "$report"
  tb=$((tb + lb)); tp=$((tp + lp)); ta=$((ta + la)); ty=$((ty + ly)); tm=$((tm + lm)); tc=$((tc + lc))
  sb=$(echo "$sb + $secb" | bc); sp=$(echo "$sp + $secp" | bc); sa=$(echo "$sa + $seca" | bc); sy=$(echo "$sy + $secy" | bc)
  sc=$(echo "$sc + $secc" | bc)
done
printf '| **total** | **%s** | %.1f | **%s** | %.1f | **%s** | %.1f | **%s** | %.1f | **%s** (+%s) | %.1f | %.2f | %.2f | %.3f |\n' "$tb" "$sb" \
  "$tc" "$sc" "$tp" "$sp" "$ta" "$sa" "$ty" "$tm" "$sy" "$(echo "scale=4; $tb / $ta" | bc)" \
  "$(echo "scale=4; $tc / $ty" | bc)" "$(echo "scale=4; $sc / $sy" | bc)" >> "$report"
{
  echo
  echo "Ratios of totals: builtin/ABC $(echo "scale=3; $tb / $ta" | bc), portfolio/ABC $(echo "scale=3; $tp / $ta" | bc), builtin/Yosys $(echo "scale=3; $tb / $ty" | bc); \`lutc compile\` LUTs/Yosys $(echo "scale=3; $tc / $ty" | bc), \`lutc compile\` seconds/Yosys seconds $(echo "scale=3; $sc / $sy" | bc)."
  echo
  echo "## iwls2020 learning from examples (care = train.pla; LUT6 / test accuracy; seconds)"
  echo
  echo "| function | ABC \`&ttopt -R 1; &if -K 6 -a\` (reference) | s | \`lutc compile\` + \`lutc eval\` | s | lutc builtin | s | lutc portfolio | s | lutc ABC engine (&ttopt -R 1 + flow) | s |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
} >> "$report"
for e in 20 21 40 41; do
  tr="$DATA/iwls2020/ex$e.train.pla"; te="$DATA/iwls2020/ex$e.test.pla"
  read -r _ lb _ secb okb accb _ < <("$BENCH" pla builtin 1 6 "$tr" "$te")
  read -r _ lp _ secp okp accp usedp < <("$BENCH" pla portfolio 1 6 "$tr" "$te")
  read -r _ la _ seca oka acca _ < <("$BENCH" pla abc 1 6 "$tr" "$te")
  read -r _ lr _ secr okr accr _ < <("$BENCH" pla abc-ttopt 1 6 "$tr" "$te")
  [ "$okb$okp$oka$okr" = okokokok ] || { echo "ex$e: result not verified" >&2; exit 1; }
  # The compiler as a user runs it: default engine, then accuracy of the compiled netlist.
  t0=$(now)
  "$BUILD/lutc" -q compile "$tr" -o "$WORK/compiled_ex$e" --no-cache >/dev/null
  t1=$(now); secc=$(echo "$t1 - $t0" | bc)
  lc=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["luts"])' "$WORK/compiled_ex$e/report.json")
  accc=$("$BUILD/lutc" eval "$WORK/compiled_ex$e" --data "$te" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["accuracy"])')
  printf '| ex%s | %s / %.2f%% | %.2f | %s / %.2f%% | %.2f | %s / %.2f%% | %.2f | %s / %.2f%% (%s) | %.2f | %s / %.2f%% | %.2f |\n' "$e" \
    "$lr" "$(echo "$accr * 100" | bc)" "$secr" "$lc" "$(echo "$accc * 100" | bc)" "$secc" "$lb" "$(echo "$accb * 100" | bc)" "$secb" \
    "$lp" "$(echo "$accp * 100" | bc)" "$usedp" "$secp" "$la" "$(echo "$acca * 100" | bc)" "$seca" >> "$report"
done
mkdir -p "$ROOT/bench/results"
out="$ROOT/bench/results/minimize_$(date -u +%Y%m%d).md"
cp "$report" "$out"
cat "$report"
echo
echo "written to $out"
