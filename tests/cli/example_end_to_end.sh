# The README's main command (tools/run_example.sh, here with this build's binary) on the trained
# example: 0 mismatches, the held-out accuracy simulated in Verilator equals the software model's
# and the accuracy recorded at training (meta.json, pred.csv), sample for sample; the README's
# LUT, carry and accuracy figures hold (2%). Then the second README example, a table network.
ex=$LUTC_SOURCE_DIR/examples/digits_hgq
LUTC="$LUTC" bash "$LUTC_SOURCE_DIR/tools/run_example.sh" "$ex" "$WORK/digits" | tee main.txt
grep -Eq '^100360 vectors, 0 mismatches' main.txt
grep -Eq '^data .*test.csv: 360 labelled samples, accuracy 85.28% in RTL simulation \(Verilator\), 85.28% in the software model; same class on 360/360$' main.txt
grep -q 'accuracy of the trained model (.*meta.json, alkaid interpreter): 85.28%' main.txt
grep -Eq '^synth \(xilinx\): [0-9]+ LUTs, [0-9]+ MUXF, [0-9]+ carry, [0-9]+ FF' main.txt
[ -s digits/report.html ]
# report.json keeps what verify measured; it equals meta.json's accuracy and the accuracy of
# alkaid's recorded outputs (pred.csv, argmax with ties to the lowest index), and the netlist's
# outputs equal pred.csv value for value.
"$LUTC" eval digits --data "$ex/test.csv" --json > eval.json
python3 - "$ex" digits/report.json eval.json <<'PY'
import csv, json, sys
ex, report, ev = sys.argv[1], json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
meta = json.load(open(f"{ex}/meta.json"))
labels = [int(r["label"]) for r in csv.DictReader(open(f"{ex}/test.csv"))]
pred = [[float(v) for v in r] for r in list(csv.reader(open(f"{ex}/pred.csv")))[1:]]
argmax = lambda row: max(range(len(row)), key=lambda i: (row[i], -i))
pred_acc = sum(argmax(p) == l for p, l in zip(pred, labels)) / len(labels)
v = report["verification"]
acc = v["data"][0]
print(f"RTL {acc['rtl_accuracy']}, model {acc['model_accuracy']}, meta {meta['alkaid_test_accuracy']}, pred.csv {pred_acc}")
assert v["mismatches"] == 0 and v["vectors"] == 100360, v
assert acc["labelled"] == len(labels) == 360 and acc["class_mismatches"] == 0, acc
assert acc["rtl_accuracy"] == acc["model_accuracy"] == meta["alkaid_test_accuracy"] == pred_acc, acc
assert ev["outputs"] == pred, "netlist outputs differ from alkaid's pred.csv"
assert ev["class_accuracy"] == pred_acc and ev["class_disagreements"] == 0, ev
PY
readme_guard digits.luts "$(json_get digits/synth/report.json luts)"
readme_guard digits.carry "$(json_get digits/synth/report.json carry)"
readme_guard digits.accuracy "$(python3 -c 'import json,sys; print(100 * json.load(open(sys.argv[1]))["verification"]["data"][0]["rtl_accuracy"])' digits/report.json)"

# The second README example: a LogicNets-style table network, no data.
model=$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml
LUTC="$LUTC" bash "$LUTC_SOURCE_DIR/tools/run_example.sh" "$model" "$WORK/out" | tee tiny.txt
grep -Eq '^[0-9]+ vectors, 0 mismatches' tiny.txt
emitted=$(json_get out/report.json luts)
synthesized=$(json_get out/synth/report.json luts)
echo "emitted $emitted LUTs, Yosys counts $synthesized"
[ "$emitted" -gt 0 ]
[ "$emitted" = "$synthesized" ]
# The model's constant neuron and unused input bit are found by the passes.
[ "$(json_get out/report.json inputs_pruned)" -gt 0 ]
# Pipelined: same function, latency recorded, FFs present after synthesis.
"$LUTC" compile "$model" -o piped --pipeline 1
[ "$(json_get piped/report.json latency)" -ge 2 ]
"$LUTC" verify piped | grep -Eq ' 0 mismatches'
"$LUTC" synth piped
[ "$(json_get piped/synth/report.json ff)" -gt 0 ]
[ "$(json_get piped/synth/report.json luts)" = "$(json_get piped/report.json luts)" ]
# Generic target simulates too.
"$LUTC" compile "$model" -o generic --target generic
"$LUTC" verify generic | grep -Eq ' 0 mismatches'
# Every shipped example compiles and verifies with 0 mismatches.
for ex in "$LUTC_SOURCE_DIR"/examples/*.yaml; do
  name=$(basename "$ex" .yaml)
  "$LUTC" -q compile "$ex" -o "all_$name"
  "$LUTC" -q verify "all_$name" | tee "all_$name.txt"
  grep -Eq '^[0-9]+ vectors, 0 mismatches' "all_$name.txt"
done
