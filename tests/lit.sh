#!/usr/bin/env bash
# A lit test file (YAML, PLA or .test) holds its command and expected output in # comments:
#   # RUN: $LUTC compile %s -o %t
#   # EXPECT-EXIT: 1
#   # EXPECT: some exact line of output
#   # EXPECT-NOT: a line that must not appear
#   # EXPECT-LINES: 1            (the whole output has exactly this many lines)
# %s is the test file itself, %t a fresh scratch path. Output is stdout+stderr with the
# source directory replaced by SRC/ so goldens are portable.
set -uo pipefail
t=$1
work=${LUTC_TEST_WORK:-$(mktemp -d)}
rm -rf "$work" && mkdir -p "$work"
run=$(grep -m1 '^# RUN:' "$t" | sed 's/^# RUN: *//')
want_exit=$(grep -m1 '^# EXPECT-EXIT:' "$t" | sed 's/^# EXPECT-EXIT: *//')
want_exit=${want_exit:-0}
cmd=${run//%s/$t}
cmd=${cmd//%t/$work/t}
out=$(cd "$work" && eval "$cmd" 2>&1); code=$?
out=${out//$LUTC_SOURCE_DIR\//SRC/}
status=0
if [ "$code" != "$want_exit" ]; then echo "exit code $code, expected $want_exit"; status=1; fi
while IFS= read -r line; do
  if ! grep -qxF -- "$line" <<<"$out"; then echo "missing line: $line"; status=1; fi
done < <(grep '^# EXPECT:' "$t" | sed 's/^# EXPECT: //')
while IFS= read -r line; do
  if grep -qF -- "$line" <<<"$out"; then echo "unexpected: $line"; status=1; fi
done < <(grep '^# EXPECT-NOT:' "$t" | sed 's/^# EXPECT-NOT: //')
want_lines=$(grep -m1 '^# EXPECT-LINES:' "$t" | sed 's/^# EXPECT-LINES: *//')
if [ -n "$want_lines" ] && [ "$(printf '%s\n' "$out" | wc -l)" != "$want_lines" ]; then
  echo "expected $want_lines output lines"; status=1
fi
if [ $status != 0 ]; then echo "--- output of: $cmd"; echo "$out"; fi
exit $status
