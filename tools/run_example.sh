#!/usr/bin/env bash
# The README's main job: compile → verify in Verilator → Yosys resource report → HTML report.
#   bash tools/run_example.sh [EXAMPLE [OUT]]
# EXAMPLE is a trained example directory (model.json.gz + test.csv with a `label` column + meta.json;
# default examples/digits_hgq: the held-out split's accuracy is measured by simulating the RTL, beside
# the model's own accuracy recorded at training) or a model file (examples/tiny_mlp.yaml).
# Needs no Python. With $LUTC set (the tests), that binary is used and nothing is installed or built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${LUTC:-}" ]; then
  bash tools/setup.sh
  LUTC=./build/lutc
fi
example=${1:-examples/digits_hgq}
out=${2:-out/$(basename "${example%.*}")}
data=()
model=$example
if [ -d "$example" ]; then
  model=$example/model.json.gz
  [ -f "$example/test.csv" ] && data=(--data "$example/test.csv")
fi
"$LUTC" compile "$model" -o "$out"
"$LUTC" verify "$out" "${data[@]}"
if [ -f "$example/meta.json" ]; then
  # The accuracies the training script measured (Keras, and alkaid's bit-exact interpreter).
  sed -n 's/^ *"\(keras\|alkaid\)_test_accuracy": *\([0-9.]*\).*/\1 \2/p' "$example/meta.json" |
    awk -v f="$example/meta.json" '{ printf "accuracy of the trained model (%s, %s): %.2f%%\n", f, $1 == "keras" ? "Keras" : "alkaid interpreter", 100 * $2 }'
fi
"$LUTC" synth "$out"
"$LUTC" report "$out"
cat "$out/synth/report.md"
