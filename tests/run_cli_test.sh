#!/usr/bin/env bash
# Runs one tests/cli/*.sh script in a fresh work directory, with strict mode and helpers.
set -euo pipefail
# LUTC_TEST_TRACE=1 traces to stdout, so that `2>err.txt` in a script still captures only errors.
if [ -n "${LUTC_TEST_TRACE:-}" ]; then exec {trace_fd}>&1; BASH_XTRACEFD=$trace_fd; PS4='+${SECONDS}s '; set -x; fi
script=$1
# A failing check names its line, so a red CI log says which check failed even when it printed nothing.
trap 'rc=$?; echo "${BASH_SOURCE[0]##*/}:${LINENO}: check failed (exit $rc): $BASH_COMMAND" >&2' ERR
export WORK=${LUTC_TEST_WORK:-$(mktemp -d)}
rm -rf "$WORK" && mkdir -p "$WORK"
cd "$WORK"
# expect_fail CMD...: the command must exit non-zero.
expect_fail() { if "$@"; then echo "expected failure but succeeded: $*" >&2; return 1; fi; }
# json_get FILE KEY: prints a top-level (or dotted) key of a JSON file.
json_get() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."): d=d[int(k)] if isinstance(d,list) else d[k]
print(d)' "$1" "$2"; }
# readme_guard NAME MEASURED: fails if MEASURED is more than 2% worse than the README's figure NAME
# (tests/readme_figures.py reads README.md's results table).
readme_guard() { python3 "$LUTC_SOURCE_DIR/tests/readme_figures.py" "$LUTC_SOURCE_DIR/README.md" check "$1" "$2"; }
export -f expect_fail json_get readme_guard
source "$script"
