#!/usr/bin/env bash
# Runs one lit test: a file (YAML, PLA or .test) that holds its commands and expectations in
# `#` comments. Two modes:
#
# FileCheck mode, when a RUN line uses FileCheck (LLVM's; tests/lit/passes, tests/lit/rtl):
#   # RUN: lutc opt %s --passes prune | FileCheck %s
#   # CHECK: ...            (and CHECK-NEXT, CHECK-NOT, CHECK-SAME ...: see the FileCheck manual)
#   Every RUN line runs in order (with pipefail) and must exit 0.
#
# Golden-output mode otherwise (tests/lit/errors):
#   # RUN: $LUTC compile %s -o %t
#   # EXPECT-EXIT: 1
#   # EXPECT: some exact line of output
#   # EXPECT-NOT: a line that must not appear
#   # EXPECT-LINES: 1            (the whole output has exactly this many lines)
#   Output is stdout+stderr of the first RUN line with the source directory replaced by SRC/.
#
# Substitutions: %s the test file, %S its directory, %t a fresh scratch path, `lutc` at the
# start of a command the binary under test ($LUTC), `FileCheck` LLVM's FileCheck.
set -uo pipefail
t=$(realpath "$1")
work=${LUTC_TEST_WORK:-$(mktemp -d)}
rm -rf "$work" && mkdir -p "$work"

substitute() {
  local cmd=$1
  cmd=${cmd//%s/$t}
  cmd=${cmd//%S/$(dirname "$t")}
  cmd=${cmd//%t/$work/t}
  # `lutc` and `FileCheck` where a command starts (line start, after | ; && ||).
  cmd=$(sed -E 's/(^|[|;&] *)lutc /\1"$LUTC" /g; s/(^|[|;&] *)FileCheck /\1"$FILECHECK" /g' <<<"$cmd")
  printf '%s' "$cmd"
}

if grep -q '^# RUN:.*FileCheck' "$t"; then
  FILECHECK=${FILECHECK:-$(command -v FileCheck-14 || command -v FileCheck || echo /usr/lib/llvm-14/bin/FileCheck)}
  if [ ! -x "$FILECHECK" ]; then echo "FileCheck not found (install llvm-14-tools: tools/setup.sh)"; exit 1; fi
  export FILECHECK
  while IFS= read -r run; do
    cmd=$(substitute "$run")
    if ! (cd "$work" && eval "$cmd"); then
      echo "--- failed: $cmd"
      exit 1
    fi
  done < <(grep '^# RUN:' "$t" | sed 's/^# RUN: *//')
  exit 0
fi

run=$(grep -m1 '^# RUN:' "$t" | sed 's/^# RUN: *//')
want_exit=$(grep -m1 '^# EXPECT-EXIT:' "$t" | sed 's/^# EXPECT-EXIT: *//')
want_exit=${want_exit:-0}
cmd=$(substitute "$run")
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
