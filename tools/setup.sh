#!/usr/bin/env bash
# Installs what lutc needs (Debian packages; GNU parallel for the test of `lutc compile --plan`; chromium only for the test of `lutc report` in a browser) if missing, then configures and builds it in build/.
# Safe to run again: it installs nothing that is already there and rebuilds incrementally.
# --no-build: only the packages (tools/setup_fuzz.sh, which builds its own tree).
set -euo pipefail
cd "$(dirname "$0")/.."
packages=(build-essential cmake ninja-build verilator iverilog yosys berkeley-abc libcli11-dev libyaml-cpp-dev doctest-dev nlohmann-json3-dev zlib1g-dev libcadical-dev llvm-14-tools python3 parallel chromium)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "[setup] installing: ${missing[*]}"
  sudo=""; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ "${1:-}" = --no-build ] && exit 0
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j "$(nproc)"
