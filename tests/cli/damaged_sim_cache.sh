# A damaged cached simulator (truncated, overwritten, crashing) is detected before use and
# rebuilt; messages never name internal temporary paths.
export LUTC_CACHE_DIR=$WORK/cache
"$LUTC" -q compile "$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml" -o out
"$LUTC" -q verify out > first.txt
sims=$(find "$LUTC_CACHE_DIR/verilator" -name lutc_sim -type f)
[ "$(echo "$sims" | wc -l)" = 1 ]
for damage in truncate crash; do
  case $damage in
    truncate) head -c 1000 "$sims" > t && cat t > "$sims" ;;
    crash) printf '#!/bin/sh\nkill -SEGV $$\n' > "$sims" ;;
    garbage) head -c 4096 /dev/urandom > "$sims" ;;
  esac
  chmod +x "$sims"
  "$LUTC" verify out > run.txt 2> err.txt || { cat run.txt err.txt; echo "verify failed after '$damage'"; exit 1; }
  cat err.txt
  grep -q "0 mismatches" run.txt
  grep -q "cached simulator of 'tiny_mlp' does not start; rebuilding it" err.txt
  ! grep -e "$LUTC_CACHE_DIR" -e '/tmp/' -e '\.build-' run.txt err.txt
  # The rebuilt simulator is used as is next time.
  "$LUTC" verify out > again.txt 2> err2.txt
  ! grep -q rebuilding err2.txt
done
