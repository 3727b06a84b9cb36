#!/usr/bin/env bash
# The main job on the shipped example: compile → verify in Verilator → Yosys resource report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
model=${1:-examples/tiny_mlp.yaml}
out=${2:-out/$(basename "${model%.*}")}
./build/lutc compile "$model" -o "$out"
./build/lutc verify "$out"
./build/lutc synth "$out"
cat "$out/synth/report.md"
