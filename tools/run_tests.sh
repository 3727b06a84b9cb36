#!/usr/bin/env bash
# The whole test suite: unit (doctest), golden (lit) and end-to-end (real Verilator, Yosys, ABC).
# Arguments go to ctest: `bash tools/run_tests.sh -L fast` runs the tests needing no external tool
# (labels fast, tools, slow: tests/CMakeLists.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
# A private cache, so results never depend on what an earlier run left behind.
export LUTC_CACHE_DIR=${LUTC_CACHE_DIR:-$PWD/build/test-cache}
rm -rf "$LUTC_CACHE_DIR"
ctest --test-dir build -j "$(nproc)" --output-on-failure "$@"
