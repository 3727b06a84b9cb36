# The Python bridge to HGQ2/alkaid (tools/): its venv is made by tools/setup_python.sh from PyPI;
# when that is impossible (no CPython 3.11, no PyPI) the test is skipped (exit 77), never passed.
# 1. alkaid_predict.py on a shared model's inputs equals the recorded alkaid outputs exactly, and
#    the comparison catches one changed table entry.
# 2. keras_to_alir.py re-traces a shared .keras model into the identical ALIR JSON.
# 3. --random inputs lie on each input's quantizer grid, and prediction is deterministic.
# 4. The shipped digits example: alkaid's outputs on its held-out split are the committed ones.
if ! python=$(bash "$LUTC_SOURCE_DIR/tools/setup_python.sh" 2>setup.log | tail -n 1) || [ ! -x "$python" ]; then
  cat setup.log >&2
  echo "SKIP: the Python venv of tools/setup_python.sh cannot be created here (see above)"
  exit 77
fi
tools=$LUTC_SOURCE_DIR/tools
alir=$LUTC_SHARED_DATA/hgq_lut_ae/jsc_hlf_openml_alir

# compare A.csv B.csv: same header, same number of rows, every value equal as a float64.
compare() {
  python3 - "$1" "$2" <<'PY'
import gzip, sys
def rows(path):
    f = gzip.open(path, "rt") if path.endswith(".gz") else open(path)
    lines = [l.strip() for l in f if l.strip()]
    return lines[0], [[float(v) for v in l.split(",")] for l in lines[1:]]
(ha, a), (hb, b) = rows(sys.argv[1]), rows(sys.argv[2])
assert ha == hb, f"headers differ: {ha} vs {hb}"
assert len(a) == len(b), f"{len(a)} vs {len(b)} rows"
bad = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
print(f"{sys.argv[1]}: {len(a)} rows, {len(bad)} differ from {sys.argv[2]}")
sys.exit(1 if bad else 0)
PY
}

# 1. Bit-exact reference outputs on the shared inputs.
timeout 300 "$python" "$tools/alkaid_predict.py" "$alir/e113938/model.json" --data "$alir/e113938/in.csv.gz" -o pred.csv
compare pred.csv "$alir/e113938/pred.csv.gz"
# One table entry changed: the same comparison must report differences.
python3 - "$alir/e113938/model.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
table = d["model"][8][0]["table"]
table[0] += 1
json.dump(d, open("corrupt.json", "w"))
PY
timeout 300 "$python" "$tools/alkaid_predict.py" corrupt.json --data "$alir/e113938/in.csv.gz" -o corrupt.csv
expect_fail compare corrupt.csv "$alir/e113938/pred.csv.gz"
# Bad input: one error line, exit 1, no output.
printf 'x0,x1\n1,2\n' >short.csv
expect_fail timeout 300 "$python" "$tools/alkaid_predict.py" "$alir/e113938/model.json" --data short.csv -o none.csv 2>err.txt
grep -q "header lacks input column x2" err.txt
[ "$(wc -l <err.txt)" = 1 ] && [ ! -e none.csv ]

# 2. Tracing a shared Keras model reproduces its ALIR JSON byte for byte.
keras=$(ls "$LUTC_SHARED_DATA"/hgq_lut_ae/jsc_hlf_openml/epoch=177791-*.keras)
timeout 600 "$python" "$tools/keras_to_alir.py" "$keras" -o traced.json.gz
gzip -dc traced.json.gz | cmp - "$alir/e177791/model.json"

# 3. Random in-range inputs: on the grid of the quantizer reading each input, within +-16.
timeout 300 "$python" "$tools/alkaid_predict.py" "$alir/e177791/model.json" --random 2000 --seed 3 --inputs rx.csv -o ry.csv
timeout 300 "$python" "$tools/alkaid_predict.py" "$alir/e177791/model.json" --data rx.csv -o ry2.csv
compare ry2.csv ry.csv
timeout 300 "$python" - "$alir/e177791/model.json" <<'PY'
import sys
sys.path.insert(0, __import__("os").environ["LUTC_SOURCE_DIR"] + "/tools")
import numpy as np, alkaid_bridge as bridge
logic = bridge.load_logic(sys.argv[1])
x, _ = bridge.read_csv("rx.csv", logic.shape[0])
for j, grid in enumerate(bridge.input_grids(logic)):
    if grid is None:
        continue
    lo, hi, step = grid
    col = x[:, j]
    assert col.min() >= lo and col.max() <= hi and -16 <= lo and hi <= 16, (j, grid, col.min(), col.max())
    assert np.all(col / step == np.floor(col / step)), f"x{j} off its grid {step}"
    assert len(np.unique(col)) > 1, f"x{j} constant"
print("random inputs: all on their grids")
PY

# 4. The shipped example's recorded alkaid outputs and accuracy.
for example in digits_hgq digits_hybrid; do
  dir=$LUTC_SOURCE_DIR/examples/$example
  [ -d "$dir" ] || continue
  timeout 300 "$python" "$tools/alkaid_predict.py" "$dir/model.json.gz" --data "$dir/test.csv" -o "$example.csv"
  compare "$example.csv" "$dir/pred.csv"
  python3 - "$dir" "$example.csv" <<'PY'
import csv, json, sys
meta = json.load(open(sys.argv[1] + "/meta.json"))
labels = [int(r["label"]) for r in csv.DictReader(open(sys.argv[1] + "/test.csv"))]
outs = [[float(v) for v in r.values()] for r in csv.DictReader(open(sys.argv[2]))]
hits = sum(max(range(len(o)), key=lambda i: (o[i], -i)) == l for o, l in zip(outs, labels))
assert hits / len(labels) == meta["alkaid_test_accuracy"], (hits, len(labels), meta["alkaid_test_accuracy"])
print(f"{sys.argv[1]}: alkaid accuracy {hits}/{len(labels)} as recorded")
PY
done

# 5. A generated hybrid HGQ-LUT model through lutc, against alkaid's outputs recorded by the tool.
timeout 600 "$python" "$tools/make_hgq_model.py" --inputs 24 --hybrid 6 --outputs 3 --epochs 1 --vectors 2000 -o gen 2>gen.log
grep -q '"alir_lookup_tables"' gen/meta.json
"$LUTC" -q compile gen/model.json.gz -o gen/out -j 2
"$LUTC" eval gen/out --data gen/in.csv --json --rows 0 > gen/eval.json
python3 "$tools/same_outputs.py" gen/pred.csv gen/eval.json --samples 2000
