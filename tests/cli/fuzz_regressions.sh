# Inputs found by fuzzing (tests/fuzz/regressions/) and the hostile inputs of issue 12: each is
# either compiled or rejected with exactly one `FILE:...: error:` line; never a crash or a hang.
shopt -s nullglob
n=0
for f in "$LUTC_SOURCE_DIR"/tests/fuzz/regressions/*; do
  n=$((n + 1))
  set +e
  timeout -s KILL 60 "$LUTC" -q compile "$f" -o out > log.txt 2>&1
  rc=$?
  set -e
  case $rc in
    0) ;;
    1) [ "$(wc -l < log.txt)" = 1 ] && grep -q ': error: ' log.txt || { echo "$f:"; cat log.txt; exit 1; } ;;
    *) echo "$f: exit $rc"; cat log.txt; exit 1 ;;
  esac
  rm -rf out
done
echo "$n regression inputs"
[ "$n" -gt 0 ]
