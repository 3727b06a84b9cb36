# Pipelining designs with adder cells (ALIR arithmetic), on the shipped hybrid model
# examples/digits_hybrid (QDense + QDenseT: 165 adder cells beside the LUTs):
# - by delay budget (--stage-delay 3): no stage longer than 3 LUT levels in the delay model
#   (report.json stages.emit.max_stage_delay), latency recorded in report.json, and Verilator
#   agrees with the software model cycle by cycle (the testbench waits `latency` cycles) on
#   random vectors plus the held-out split; the outputs equal the combinational netlist's;
# - by layers (--pipeline 4) likewise verified;
# - a larger budget needs fewer stages, and depth counts the adder cells (more than the LUT depth);
# - ALIR multiply (opcode 7) verifies exhaustively, combinational and pipelined.
model=$LUTC_SOURCE_DIR/examples/digits_hybrid/model.json.gz
# The held-out inputs without their label column (verify drives input columns only).
python3 - "$LUTC_SOURCE_DIR/examples/digits_hybrid/test.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
cols = [c for c in rows[0] if c != "label"]
with open("x.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(cols)
    w.writerows([r[c] for c in cols] for r in rows)
PY
"$LUTC" compile "$model" -o comb
"$LUTC" eval comb --data x.csv --json > comb.json
[ "$(json_get comb/report.json latency)" = 0 ]
for mode in "--stage-delay 3" "--pipeline 4"; do
  out=p${mode##* }
  "$LUTC" compile "$model" -o "$out" $mode
  latency=$(json_get "$out/report.json" latency)
  [ "$(json_get "$out/report.json" design.latency)" = "$latency" ] && [ "$latency" -ge 2 ]
  "$LUTC" verify "$out" --vectors 20000 --data x.csv | tee "$out.verify.txt"
  grep -Eq '^20360 vectors, 0 mismatches' "$out.verify.txt"
  "$LUTC" eval "$out" --data x.csv --json > "$out.json"
  cmp comb.json "$out.json"
done
python3 - <<'PY'
import json
r3 = json.load(open("p3/report.json"))
assert 0 < r3["stages"]["emit"]["max_stage_delay"] <= 3, r3["stages"]["emit"]
assert r3["design"]["stage_delay"] == 3
comb = json.load(open("comb/report.json"))
# The outputs are adder sums: a depth of LUTs alone would be 0 here.
assert comb["adder_cells"] > 0 and comb["depth"] > 1 and comb["delay"] > 1, comb
print(f"stage delay 3: latency {r3['latency']}, longest stage {r3['stages']['emit']['max_stage_delay']}; "
      f"depth {comb['depth']} (LUTs and adder cells), delay {comb['delay']}")
PY
# A larger budget: fewer ranks, stages still within it.
"$LUTC" compile "$model" -o p8 --stage-delay 8
[ "$(json_get p8/report.json latency)" -lt "$(json_get p3/report.json latency)" ]
python3 -c 'import json; r = json.load(open("p8/report.json")); assert r["stages"]["emit"]["max_stage_delay"] <= 8'
# Both pipelining modes at once is an error: one line, exit 1, no output.
expect_fail "$LUTC" compile "$model" -o both --pipeline 2 --stage-delay 3 2>err.txt
[ "$(wc -l <err.txt)" = 1 ] && [ ! -e both ]
# ALIR multiply (shift-add cell over AND partial products), signed x signed: every input pair in
# simulation, combinational and pipelined (the lit golden tests/lit/rtl/multiply.test checks values).
grep -v '^#' "$LUTC_SOURCE_DIR/tests/lit/rtl/multiply.test" | head -n 1 > mul.json
for mode in "--stage-delay 0" "--stage-delay 1"; do
  "$LUTC" compile mul.json -o "mul${mode##* }" $mode
  "$LUTC" verify "mul${mode##* }" | tee mul.verify.txt
  grep -Eq '^256 vectors, 0 mismatches \(exhaustive' mul.verify.txt
done
[ "$(json_get mul1/report.json latency)" -ge 2 ]
