# kill -9 at random points of a compile that replaces an existing OUT: OUT is always the complete
# old or the complete new output, and the next run leaves no temporary behind.
export LUTC_CACHE_DIR=$WORK/cache
trials=${LUTC_KILL_TRIALS:-60}
old_model=$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml
new_model=$LUTC_SOURCE_DIR/examples/worked_example.yaml
"$LUTC" -q compile "$old_model" -o old_ref
"$LUTC" -q compile "$new_model" -o new_ref
# The content that identifies an output (report.json also holds timings, which differ per run).
fingerprint() {
  [ -d "$1" ] || { echo missing; return; }
  (cd "$1" && find . -type f ! -name report.json | sort | xargs sha1sum && json_get report.json model && json_get report.json luts) 2>&1 | sha1sum
}
old_fp=$(fingerprint old_ref)
new_fp=$(fingerprint new_ref)
[ "$old_fp" != "$new_fp" ]
# How long one replacing compile takes, to spread the kills over it.
rm -rf out && cp -a old_ref out
start=$(date +%s%N); "$LUTC" -q compile "$new_model" -o out --no-cache; end=$(date +%s%N)
span_us=$(( (end - start) / 1000 ))
echo "one compile: $span_us us"
olds=0 news=0
for i in $(seq "$trials"); do
  rm -rf out && cp -a old_ref out
  delay_us=$(( (RANDOM * 32768 + RANDOM) % (span_us + span_us / 5 + 1) ))
  "$LUTC" -q compile "$new_model" -o out --no-cache > /dev/null 2>&1 &
  pid=$!
  sleep "$(printf '0.%06d' "$delay_us")" 2>/dev/null || sleep "$((delay_us / 1000000)).$(printf '%06d' $((delay_us % 1000000)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  fp=$(fingerprint out)
  if [ "$fp" = "$old_fp" ]; then olds=$((olds + 1));
  elif [ "$fp" = "$new_fp" ]; then news=$((news + 1));
  else echo "trial $i (kill after $delay_us us): OUT is neither the old nor the new output"; ls -la . out || true; exit 1; fi
done
echo "$trials kills: $olds left the old OUT, $news the new one, 0 anything else"
# The next run removes the temporaries of the killed ones.
"$LUTC" -q compile "$new_model" -o out > /dev/null
[ "$(fingerprint out)" = "$new_fp" ]
if ls -A | grep -e '\.tmp-'; then echo "stale temporaries left"; exit 1; fi
