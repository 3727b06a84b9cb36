# labels: tools slow
# Every real LogicNets neuron of IWLS 2022 compiles, verifies exhaustively with 0 mismatches,
# and Yosys counts exactly the LUTs lutc reports; the total is the README's figure (+2%).
total=0
for f in "$LUTC_SHARED_DATA"/iwls2022/ex*.truth; do
  name=$(basename "$f" .truth)
  "$LUTC" -q compile "$f" -o "$name" -j 2
  "$LUTC" -q verify "$name" | tee "$name.verify"
  grep -Eq '^4096 vectors, 0 mismatches' "$name.verify"
  "$LUTC" -q synth "$name" > /dev/null
  luts=$(json_get "$name/report.json" luts)
  [ "$luts" = "$(json_get "$name/synth/report.json" luts)" ]
  echo "$name: $luts LUTs"
  total=$((total + luts))
done
echo "total: $total LUT6 (Yosys case-ROM reference: 3237)"
readme_guard iwls2022.luts "$total"
