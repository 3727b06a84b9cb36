#!/usr/bin/env bash
# "No input is accepted that then fails verify or lint": the fuzz corpus of each model reader
# (build-fuzz/corpus/<target>/, left by tools/fuzz.sh) is fed to the release lutc. Each input is
# compiled (60 s timeout); an accepted one is verified bit-exact in Verilator (`lutc verify`,
# 300 s timeout) and linted with `verilator --lint-only -Wall` (zero warnings). A rejected one must
# have printed exactly one `error:` line. Up to MAX (default 200) accepted inputs per reader.
# Usage: bench/fuzz_accepted_verify.sh [MAX] [READER...]   (readers: yaml truth pla alir)
# Prints per reader: corpus size, rejected, accepted, verified, failures of each kind; failing
# inputs are kept in build-fuzz/accepted-failures/<reader>/. LUTC_FUZZ_CORPUS overrides build-fuzz/corpus.
set -uo pipefail
cd "$(dirname "$0")/.."
max=${1:-200}
shift || true
readers=("$@")
[ ${#readers[@]} -gt 0 ] || readers=(yaml truth pla alir)
lutc=${LUTC:-$PWD/build/lutc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export LUTC_CACHE_DIR=$work/cache
total_fail=0
for reader in "${readers[@]}"; do
  case $reader in
    yaml) target=yaml_model ext=yaml ;;
    truth) target=truth_file ext=truth ;;
    pla) target=pla_model ext=pla ;;
    alir) target=alir_model ext=json ;;
    *) echo "unknown reader $reader"; exit 2 ;;
  esac
  corpus=${LUTC_FUZZ_CORPUS:-build-fuzz/corpus}/$target
  [ -d "$corpus" ] || { echo "$reader: no corpus in $corpus (run tools/fuzz.sh first)"; exit 2; }
  failures=build-fuzz/accepted-failures/$reader
  rm -rf "$failures" && mkdir -p "$failures"
  n=0 rejected=0 accepted=0 verified=0 bad_reject=0 crashed=0 verify_fail=0 lint_fail=0
  start=$(date +%s)
  # Deterministic order (sorted names), so a rerun checks the same inputs.
  for f in $(ls "$corpus" | sort); do
    [ "$accepted" -ge "$max" ] && break
    n=$((n + 1))
    in=$work/in.$ext out=$work/out
    cp "$corpus/$f" "$in" && rm -rf "$out"
    timeout -s KILL 60 "$lutc" -q compile "$in" -o "$out" -j 1 > "$work/log" 2>&1
    rc=$?
    if [ $rc = 1 ]; then
      rejected=$((rejected + 1))
      if [ "$(grep -c 'error:' "$work/log")" != 1 ] || [ -e "$out" ]; then
        bad_reject=$((bad_reject + 1)); cp "$in" "$failures/reject-$f.$ext"; cat "$work/log"; fi
      continue
    elif [ $rc != 0 ]; then
      crashed=$((crashed + 1)); cp "$in" "$failures/crash-$f.$ext"; echo "$reader $f: compile exit $rc"; tail -3 "$work/log"
      continue
    fi
    accepted=$((accepted + 1))
    timeout -s KILL 300 "$lutc" -q verify "$out" --vectors 2000 -j 1 > "$work/vlog" 2>&1
    if [ $? = 0 ] && grep -q ' 0 mismatches' "$work/vlog"; then verified=$((verified + 1)); else
      verify_fail=$((verify_fail + 1)); cp "$in" "$failures/verify-$f.$ext"; echo "$reader $f: verify failed"; tail -5 "$work/vlog"; fi
    top=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["design"]["top"])' "$out/report.json")
    if ! timeout -s KILL 120 verilator --lint-only -Wall --top-module "$top" "$out"/rtl/*.v > "$work/llog" 2>&1 || grep -q '^%' "$work/llog"; then
      lint_fail=$((lint_fail + 1)); cp "$in" "$failures/lint-$f.$ext"; echo "$reader $f: lint"; head -5 "$work/llog"; fi
  done
  fails=$((bad_reject + crashed + verify_fail + lint_fail))
  total_fail=$((total_fail + fails))
  echo "$reader: $n of $(ls "$corpus" | wc -l) corpus inputs in $(( $(date +%s) - start )) s: $rejected rejected" \
    "($bad_reject without exactly one error line), $crashed crashed, $accepted accepted: $verified verified" \
    "with 0 mismatches, $verify_fail failed verify, $lint_fail failed lint"
done
exit $((total_fail > 0))
