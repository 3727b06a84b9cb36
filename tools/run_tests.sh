#!/usr/bin/env bash
# The whole test suite: unit (doctest), golden (lit) and end-to-end (real Verilator, Yosys, ABC).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# A private cache, so results never depend on what an earlier run left behind.
export LUTC_CACHE_DIR=${LUTC_CACHE_DIR:-$PWD/build/test-cache}
rm -rf "$LUTC_CACHE_DIR"
ctest --test-dir build -j "$(nproc)" --output-on-failure "$@"
