#!/usr/bin/env bash
# Runs every libFuzzer target for SECONDS seconds (default 30) under ASan+UBSan, seeded from
# examples/, tests/lit and ../shared/data (copied into a scratch corpus at run time, never into the
# repo). Prints per reader: inputs tried, crashes, slow inputs (> 10 s). Crashers land in
# build-fuzz/findings/<target>/; copy real ones to tests/fuzz/regressions/ (replayed by a test).
# LUTC_FUZZ_TARGETS="alir_model yaml_model" limits the run to those targets.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-30}
[ -n "${LUTC_FUZZ_NO_SETUP:-}" ] || bash tools/setup_fuzz.sh >/dev/null
shared=${LUTC_SHARED_DATA:-../shared/data}
work=build-fuzz/corpus
status=0
for target in ${LUTC_FUZZ_TARGETS:-yaml_model truth_file pla_model alir_model csv_data pla_data}; do
  corpus=$work/$target findings=build-fuzz/findings/$target
  rm -rf "$corpus" && mkdir -p "$corpus" "$findings"
  case $target in
    yaml_model) seeds=(examples/*.yaml tests/lit/*.yaml) ;;
    truth_file) seeds=($(find "$shared" -name '*.truth' -size -64k 2>/dev/null | head -40)) ;;
    pla_model) seeds=(tests/lit/*.pla tests/fuzz/seeds/*.pla $(find "$shared" -name '*.pla' -size -64k 2>/dev/null | head -40)) ;;
    alir_model) seeds=($(find "$shared/hgq_lut_ae" -name 'model.json' -size -64k 2>/dev/null | head -10)) ;;
    csv_data) seeds=($(find tests examples -name '*.csv' 2>/dev/null)) ;;
    pla_data) seeds=($(find "$shared" -name '*.pla' -size -16k 2>/dev/null | head -10)) ;;
  esac
  for s in "${seeds[@]}"; do [ -f "$s" ] && cp "$s" "$corpus/$(echo "$s" | tr / _)"; done
  if [ "$target" = alir_model ]; then  # the shipped models are gzip-compressed; the target reads JSON text
    for s in examples/*/model.json.gz; do gzip -dc "$s" > "$corpus/$(echo "$s" | tr / _ | sed 's/\.gz$//')"; done
    # Small ones mutate ~100x faster: a hand-made model (tests/fuzz/seeds) and the lit error cases.
    cp tests/fuzz/seeds/alir_*.json "$corpus/"
    for s in tests/lit/errors/alir_*.test; do grep -v '^#' "$s" > "$corpus/$(basename "$s" .test).json"; done
  fi
  [ "$target" = csv_data ] && printf 'a,b,c,d\n0,1,2,3\n0.5,1.5,0x3,0b10\n' > "$corpus/seed.csv"
  [ "$target" = pla_data ] && printf '.i 8\n.o 4\n01010101 0110\n11110000 1-01\n.e\n' > "$corpus/seed.pla"
  log=build-fuzz/findings/$target.log
  set +e
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    build-fuzz/tests/fuzz/fuzz_$target "$corpus" -max_total_time="$seconds" -seed="${LUTC_FUZZ_SEED:-1}" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -artifact_prefix="$findings/" -print_final_stats=1 > "$log" 2>&1
  rc=$?
  set -e
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  crashes=$(find "$findings" -name 'crash-*' -o -name 'leak-*' | wc -l)
  slow=$(find "$findings" -name 'timeout-*' -o -name 'slow-unit-*' | wc -l)
  oom=$(find "$findings" -name 'oom-*' | wc -l)
  echo "fuzz $target: ${runs} inputs in ${seconds} s, exit $rc, crashes $crashes, timeouts(>10 s) $slow, out-of-memory $oom"
  [ "$rc" = 0 ] || { status=1; tail -30 "$log"; }
done
exit $status
