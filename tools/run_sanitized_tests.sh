#!/usr/bin/env bash
# The fast and tools tests built with AddressSanitizer + UndefinedBehaviorSanitizer in build-asan/
# (CMake option LUTC_SANITIZE). Any sanitizer report fails the test that triggered it.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher=(); command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLUTC_SANITIZE=ON "${launcher[@]}" >/dev/null
cmake --build build-asan -j "$(nproc)"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export LUTC_CACHE_DIR=$PWD/build-asan/test-cache
rm -rf "$LUTC_CACHE_DIR"
# Labels fast/tools come from the layering work; until every test carries one, the unit, lit and
# the quicker end-to-end tests are selected by name.
if ctest --test-dir build-asan -N -L fast 2>/dev/null | grep -q 'Total Tests: [1-9]'; then
  ctest --test-dir build-asan -j "$(nproc)" --output-on-failure -L 'fast|tools' -LE slow "$@"
else
  ctest --test-dir build-asan -j "$(nproc)" --output-on-failure \
    -R '^(unit/|lit/|cli/(atomic_output|damaged_sim_cache|example_end_to_end|care_data|checker_can_fail|fuzz_regressions))' "$@"
fi
