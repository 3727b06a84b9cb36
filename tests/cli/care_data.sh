# Data-driven don't cares: table patterns the data never shows are free for the minimizer.
# The compiled network must agree with the model on every sample of the data set.
model=$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml
# The ports have fixed-point formats, so plain CSV numbers are real values; 0x marks raw codes.
python3 - <<'PY'
import random
rng = random.Random(7)
with open("inputs.csv", "w") as f:
    f.write("a,b,c,d\n")
    for _ in range(12):
        f.write(",".join(hex(rng.randrange(4)) for _ in range(4)) + "\n")
PY
# Labels are the model's own outputs, so accuracy on this data must be exactly 1.
"$LUTC" eval "$model" --data inputs.csv --json > model_out.json
python3 - <<'PY'
import json
rows = json.load(open("model_out.json"))["outputs"]
inputs = open("inputs.csv").read().split("\n")[1:]
with open("labelled.csv", "w") as f:
    f.write("a,b,c,d,class_a,class_b\n")
    for line, r in zip(inputs, rows):
        f.write(f"{line},{hex(r['class_a'])},{hex(r['class_b'])}\n")
PY
"$LUTC" compile "$model" -o full
"$LUTC" compile "$model" -o sparse --care-data inputs.csv
full=$(json_get full/report.json luts)
sparse=$(json_get sparse/report.json luts)
echo "LUTs: $full without data don't cares, $sparse with"
[ "$(json_get sparse/report.json care_data.rows_made_dont_care)" -gt 0 ]
# (counted after lowering, before netopt: the same stage as full's stages.minimize.luts)
[ "$(json_get sparse/report.json care_data.luts_without_data_dont_cares)" = "$(json_get full/report.json stages.minimize.luts)" ]
[ "$sparse" -le "$full" ]
"$LUTC" verify sparse --data labelled.csv | tee verify.txt
grep -Eq ' 0 mismatches' verify.txt
grep -q 'accuracy 100.00%' verify.txt
"$LUTC" eval sparse --data labelled.csv --json > eval.json
python3 -c 'import json; d=json.load(open("eval.json")); assert d["accuracy"] == 1.0 and d["agreement"] == 1.0, d'
