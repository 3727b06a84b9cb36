# labels: tools
# A dense layer (examples/dense_layer.yaml) compiled by every MAC strategy, and by approximate
# lut-na, equals its software model exhaustively in Verilator (2^15 vectors); the check fails when
# the software model's weights differ, and the approximation differs from the exact layer.
model=$LUTC_SOURCE_DIR/examples/dense_layer.yaml
for mac in mul shift-add lut-na auto; do
  "$LUTC" compile "$model" -o "o_$mac" --mac "$mac"
  python3 -c 'import json, sys; d = json.load(open(sys.argv[1]))["stages"]["read"]["dense"][0]
assert d["strategy"] == sys.argv[2] or sys.argv[2] == "auto", d' "o_$mac/report.json" "$mac"
  "$LUTC" verify "o_$mac" | tee "v_$mac.txt"
  grep -Eq '^32768 vectors, 0 mismatches' "v_$mac.txt"
done
# Approximate lut-na: partial products rounded to multiples of 2^3 accumulator LSBs.
sed 's/      activation: relu/      activation: relu\n      mac: lut-na\n      chunk_bits: 1\n      group: 5\n      approx_bits: 3/' "$model" > approx.yaml
grep -q 'approx_bits: 3' approx.yaml
"$LUTC" compile approx.yaml -o o_approx
"$LUTC" verify o_approx | tee v_approx.txt
grep -Eq '^32768 vectors, 0 mismatches' v_approx.txt
# The check can fail: the exact layer as the approximate design's software model, and one
# weight changed in the exact design's software model.
cp "$model" o_approx/model.yaml
set +e
"$LUTC" verify o_approx > bad_approx.txt 2>&1; code1=$?
sed -i 's/- \[5, -3, 0, 7, 2\]/- [5, -3, 0, 7, 3]/' o_mul/model.yaml
"$LUTC" verify o_mul > bad_weight.txt 2>&1; code2=$?
set -e
cat bad_approx.txt bad_weight.txt
[ "$code1" -ne 0 ] && [ "$code2" -ne 0 ]
grep -Eq '^32768 vectors, [1-9][0-9]* mismatches' bad_approx.txt
grep -Eq '^32768 vectors, [1-9][0-9]* mismatches' bad_weight.txt
