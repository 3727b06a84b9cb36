# The 5 shared HGQ-LUT jet models (ALIR v4, traced by alkaid): the compiled netlist equals
# alkaid's CombLogic.predict on its 10,000 inputs (0 differences), and Verilator agrees with the
# software model on 100,000 random in-range vectors plus those inputs (0 mismatches).
dir=$LUTC_SHARED_DATA/hgq_lut_ae/jsc_hlf_openml_alir
for m in e113938 e142016 e177791 e32600 e87994; do
  "$LUTC" compile "$dir/$m/model.json" -o "$m" -j 2
  "$LUTC" eval "$m" --data "$dir/$m/in.csv.gz" --json > "$m.eval.json"
  python3 - "$dir/$m/pred.csv.gz" "$m.eval.json" "$m" <<'PY'
import csv, gzip, json, sys
want = list(csv.reader(gzip.open(sys.argv[1], "rt")))
got = json.load(open(sys.argv[2]))["outputs"]
assert want[0] == ["y0", "y1", "y2", "y3", "y4"], want[0]
assert len(got) == len(want) - 1 == 10000, len(got)
diff = sum(float(a) != b for row, out in zip(want[1:], got) for a, b in zip(row, out))
print(f"{sys.argv[3]}: {diff} differences from alkaid over {len(got)} samples x 5 outputs")
assert diff == 0
PY
  "$LUTC" verify "$m" --data "$dir/$m/in.csv.gz" | tee "$m.verify.txt"
  grep -Eq '^110000 vectors, 0 mismatches' "$m.verify.txt"
done
# A gzip-compressed model reads the same.
gzip -c "$dir/e177791/model.json" > e177791.json.gz
"$LUTC" compile e177791.json.gz -o gz
[ "$(json_get gz/report.json luts)" = "$(json_get e177791/report.json luts)" ]
