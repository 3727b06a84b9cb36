#!/usr/bin/env bash
# N (default 100) consecutive `lutc verify` runs of the example with the ASan+UBSan binary
# (build-asan/lutc, see tools/run_sanitized_tests.sh); counts failures and hangs (a run that
# needs more than 120 s is killed and counted as a hang).
set -uo pipefail
cd "$(dirname "$0")/.."
runs=${1:-100}
lutc=${LUTC:-build-asan/lutc}
work=$(mktemp -d)
export LUTC_CACHE_DIR=$work/cache ASAN_OPTIONS=detect_leaks=0
"$lutc" -q compile examples/tiny_mlp.yaml -o "$work/out" >/dev/null
hangs=0 failures=0
start=$(date +%s)
for i in $(seq "$runs"); do
  timeout -s KILL 120 "$lutc" -q verify "$work/out" > "$work/log" 2>&1
  rc=$?
  if [ $rc = 137 ]; then hangs=$((hangs + 1)); elif [ $rc != 0 ] || ! grep -q ' 0 mismatches' "$work/log"; then
    failures=$((failures + 1)); cat "$work/log"; fi
done
echo "$runs verify runs under ASan+UBSan in $(( $(date +%s) - start )) s: $hangs hangs, $failures failures"
rm -rf "$work"
