# labels: tools slow
# Learning-from-examples functions: the train minterms are the care set. The compiled netlist is
# exact on it (Verilator over all 2^16 codes, compared on care bits); LUTs and test accuracy are the
# README's figures (+2%).
for ex in ex20 ex21 ex40 ex41; do
  "$LUTC" -q compile "$LUTC_SHARED_DATA/iwls2020/$ex.train.pla" -o "$ex" -j 2
  "$LUTC" -q verify "$ex" | tee "$ex.verify"
  inputs=$(awk '$1 == ".i" {print $2}' "$LUTC_SHARED_DATA/iwls2020/$ex.train.pla")
  grep -Eq "^$((1 << inputs)) vectors, 0 mismatches" "$ex.verify"
  # On its own training data the compiled network is always right.
  "$LUTC" eval "$ex" --data "$LUTC_SHARED_DATA/iwls2020/$ex.train.pla" --json > train.json
  python3 -c 'import json,sys; d=json.load(open("train.json")); assert d["accuracy"] == 1.0, d' 
  "$LUTC" eval "$ex" --data "$LUTC_SHARED_DATA/iwls2020/$ex.test.pla" --json | tee "$ex.test.json"
  echo "$ex: $(json_get "$ex/report.json" luts) LUTs"
  readme_guard "iwls2020.$ex.luts" "$(json_get "$ex/report.json" luts)"
  readme_guard "iwls2020.$ex.accuracy" "$(python3 -c 'import json,sys; print(100 * json.load(open(sys.argv[1]))["accuracy"])' "$ex.test.json")"
done
