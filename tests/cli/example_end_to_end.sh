# The README's main job on the shipped example: compile → verify → synth, and the numbers agree.
model=$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml
"$LUTC" compile "$model" -o out
"$LUTC" verify out | tee verify.txt
grep -Eq '^[0-9]+ vectors, 0 mismatches' verify.txt
"$LUTC" synth out | tee synth.txt
emitted=$(json_get out/report.json luts)
synthesized=$(json_get out/synth/report.json luts)
echo "emitted $emitted LUTs, Yosys counts $synthesized"
[ "$emitted" -gt 0 ]
[ "$emitted" = "$synthesized" ]
# The model's constant neuron and unused input bit are found by the passes.
[ "$(json_get out/report.json inputs_pruned)" -gt 0 ]
# Pipelined: same function, latency recorded, FFs present after synthesis.
"$LUTC" compile "$model" -o piped --pipeline 1
[ "$(json_get piped/report.json latency)" -ge 2 ]
"$LUTC" verify piped | grep -Eq ' 0 mismatches'
"$LUTC" synth piped
[ "$(json_get piped/synth/report.json ff)" -gt 0 ]
[ "$(json_get piped/synth/report.json luts)" = "$(json_get piped/report.json luts)" ]
# Generic target simulates too.
"$LUTC" compile "$model" -o generic --target generic
"$LUTC" verify generic | grep -Eq ' 0 mismatches'
# Every shipped example compiles and verifies with 0 mismatches.
for ex in "$LUTC_SOURCE_DIR"/examples/*.yaml; do
  name=$(basename "$ex" .yaml)
  "$LUTC" -q compile "$ex" -o "all_$name"
  "$LUTC" -q verify "all_$name" | tee "all_$name.txt"
  grep -Eq '^[0-9]+ vectors, 0 mismatches' "all_$name.txt"
done
