# labels: tools slow
# The README's constant-weight layer figures, measured with Yosys (`lutc synth`, xilinx):
# 1. the conv layer of `bench/mac_strategies.sh c4x4x2k3x3o4s1p1:4:4` (tools/make_dense.py, seed
#    2026: 4x4x2 input, 3x3 kernel, 4 channels, 4-bit weights and activations), `--mac auto`: its LUTs
#    and carry cells are the README's (+2%);
# 2. the trained CNN (examples/digits_cnn) with the setting tools/search_mixed_precision.py picks
#    under a 1% budget (as bench/mac_mixed_digits.py runs it): its LUTs and held-out accuracy
#    (`lutc eval`, the software model, which `lutc verify` proves equal to the RTL) are the README's
#    (2%), and the setting approximates something (it is not the exact model).
# Both tools need numpy and scikit-learn: without the Python venv (tools/setup_python.sh) the test
# says so and exits 77 (skipped), never passes.
if ! python=$(bash "$LUTC_SOURCE_DIR/tools/setup_python.sh" 2>setup.log | tail -n 1) || [ ! -x "$python" ]; then
  cat setup.log >&2
  echo "SKIP: the Python venv of tools/setup_python.sh cannot be created here (see above)"
  exit 77
fi
export LUTC_CACHE_DIR=$WORK/cache

# 1. The conv layer, drawn exactly as bench/mac_strategies.sh draws it.
"$python" "$LUTC_SOURCE_DIR/tools/make_dense.py" --conv 4x4x2k3x3o4s1p1 --weight-bits 4 --act-bits 4 --seed 2026 \
  --name c4x4x2k3x3o4s1p1w4a4 -o conv.yaml
"$LUTC" compile conv.yaml -o conv --mac auto -j 2
python3 - conv/report.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["stages"]["read"]["dense"]
assert len(d) == 1 and d[0]["positions"] == 16 and d[0]["outputs"] == 64, d
PY
"$LUTC" synth conv --target xilinx
readme_guard conv.luts "$(json_get conv/synth/report.json luts)"
readme_guard conv.carry "$(json_get conv/synth/report.json carry)"

# 2. The trained CNN, mixed precision.
ex=$LUTC_SOURCE_DIR/examples/digits_cnn
"$python" "$LUTC_SOURCE_DIR/tools/search_mixed_precision.py" "$ex/model.yaml" -o cnn_mixed.yaml --lutc "$LUTC" --budget 0.01 \
  | tee search.json
python3 - search.json <<'PY'
import json, sys
layers = json.load(open(sys.argv[1]))["layers"]
assert any(s["approx_bits"] for s in layers.values()), layers
PY
"$LUTC" eval cnn_mixed.yaml --data "$ex/test.csv" --json > cnn_eval.json
"$LUTC" compile cnn_mixed.yaml -o cnn -j 2
"$LUTC" synth cnn --target xilinx
readme_guard digits_cnn.luts "$(json_get cnn/synth/report.json luts)"
readme_guard digits_cnn.accuracy "$(python3 -c 'import json,sys; print(100 * json.load(open(sys.argv[1]))["class_accuracy"])' cnn_eval.json)"
