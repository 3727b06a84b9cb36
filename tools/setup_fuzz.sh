#!/usr/bin/env bash
# Installs clang-14 with its runtime (libFuzzer, sanitizers) if missing, then configures and builds
# the fuzz targets in build-fuzz/ (tests/fuzz, CMake option LUTC_FUZZ).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --no-build
missing=()
for p in clang-14 libclang-rt-14-dev; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
  -DLUTC_FUZZ=ON "${launcher[@]}" >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target fuzz_yaml_model fuzz_truth_file fuzz_pla_model fuzz_alir_model fuzz_csv_data fuzz_pla_data
