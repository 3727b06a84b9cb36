#!/usr/bin/env bash
# Runs one tests/cli/*.sh script in a fresh work directory, with strict mode and helpers.
set -euo pipefail
[ -n "${LUTC_TEST_TRACE:-}" ] && set -x
script=$1
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
