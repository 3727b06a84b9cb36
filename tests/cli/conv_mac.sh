# labels: tools
# Conv layers (docs/model-format.md#conv-layers): a 2-D conv (2x3 image, 1 channel, 2x2 kernel,
# padding 1: 12 positions, 2 of them interior) feeding a 1-D conv (stride 2) compiled with lut-na,
# and with the 1-D layer approximated, each equal to its software model exhaustively in Verilator
# (2^12 vectors). The interior positions' tables are minimized once. The check fails when the
# software model's kernel differs in one weight. The trained CNN (examples/digits_cnn) classifies its
# held-out split in lutc's software model exactly as its exporter's integer model did.
cat > conv.yaml <<'YAML'
format: lutc-model/v1
name: conv_mac
inputs:
YAML
for i in 0 1 2 3 4 5; do
  echo "  - {name: p$i, width: 2, fixed: {signed: true, int_bits: 1, frac_bits: 1}}" >> conv.yaml
done
cat >> conv.yaml <<'YAML'
nodes:
  - name: c
    conv:
      inputs: [p0, p1, p2, p3, p4, p5]
      input_shape: [2, 3, 1]
      kernel: [2, 2]
      padding: 1
      weights:
        - [3, -2, 1, 4]
        - [-1, 2, 2, -3]
      bias: [1, 0]
      activation: relu
      output: {signed: false, int_bits: 2, frac_bits: 1, rounding: round, overflow: saturate}
  - name: s
    conv:
      inputs: [c.0, c.1, c.2, c.3, c.4, c.5, c.6, c.7, c.8, c.9, c.10, c.11,
               c.12, c.13, c.14, c.15, c.16, c.17, c.18, c.19, c.20, c.21, c.22, c.23]
      input_shape: [12, 2]
      kernel: [3]
      stride: 2
      padding: 1
      weights:
        - [2, -1, 3, 1, -2, 2]
      weight_frac_bits: 1
      output: {signed: true, int_bits: 5, frac_bits: 2}
outputs:
  - {name: y0, source: s.0}
  - {name: y1, source: s.1}
  - {name: y2, source: s.2}
  - {name: y3, source: s.3}
  - {name: y4, source: s.4}
  - {name: y5, source: s.5}
YAML
"$LUTC" compile conv.yaml -o o_exact --mac lut-na
python3 - o_exact/report.json <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
c, s = r["stages"]["read"]["dense"]
assert (c["layer"], c["positions"], c["outputs"], c["strategy"]) == ("c", 12, 24, "lut-na"), c
assert (s["layer"], s["positions"], s["outputs"]) == ("s", 6, 6), s
assert c["distinct_tables"] < c["tables"], c                 # interior positions share tables
assert r["stages"]["minimize"]["tables_reused"] > 0, r["stages"]["minimize"]
PY
"$LUTC" verify o_exact | tee v_exact.txt
grep -Eq '^4096 vectors, 0 mismatches' v_exact.txt
# The 1-D layer approximated: partial products rounded to multiples of 2^2 accumulator LSBs.
sed 's/      weight_frac_bits: 1/      weight_frac_bits: 1\n      mac: lut-na\n      chunk_bits: 1\n      group: 6\n      approx_bits: 2/' conv.yaml > approx.yaml
grep -q 'approx_bits: 2' approx.yaml
"$LUTC" compile approx.yaml -o o_approx
"$LUTC" verify o_approx | tee v_approx.txt
grep -Eq '^4096 vectors, 0 mismatches' v_approx.txt
# One kernel weight changed in the software model: mismatches.
sed -i 's/        - \[3, -2, 1, 4\]/        - [3, -2, 1, 3]/' o_exact/model.yaml
grep -q '\[3, -2, 1, 3\]' o_exact/model.yaml
set +e
"$LUTC" verify o_exact > bad.txt 2>&1; code=$?
set -e
cat bad.txt
[ "$code" -ne 0 ]
grep -Eq '^4096 vectors, [1-9][0-9]* mismatches' bad.txt
# The trained CNN (tools/train_cnn_digits.py): lutc's software model of its conv and dense layers
# classifies the held-out split exactly as the tool's own integer model did.
ex=$LUTC_SOURCE_DIR/examples/digits_cnn
"$LUTC" eval "$ex/model.yaml" --data "$ex/test.csv" --json > cnn.json
python3 - cnn.json "$ex/meta.json" <<'PY'
import json, sys
got = json.load(open(sys.argv[1]))["class_accuracy"]
want = json.load(open(sys.argv[2]))["quantized_test_accuracy"]
assert abs(got - want) < 1e-12, (got, want)
print(f"digits_cnn: lutc eval {got:.4f} = the exporter's integer model {want:.4f}")
PY
