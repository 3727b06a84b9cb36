# The RTL lutc emits lints clean with `verilator --lint-only -Wall` (zero warnings, not merely no
# errors) for a real IWLS'22 function (LUT6 netlist, combinational and pipelined, both targets) and
# for an ALIR model with adder cells (examples/digits_hgq).
export LUTC_CACHE_DIR=$WORK/cache
lint() {  # lint DIR: every file of DIR/rtl, top from the report; any %Warning or %Error fails
  local top
  top=$(json_get "$1/report.json" design.top)
  set +e
  timeout 300 verilator --lint-only -Wall --top-module "$top" "$1"/rtl/*.v > "$1.lint" 2>&1
  local rc=$?
  set -e
  if [ "$rc" != 0 ] || grep -q '^%' "$1.lint"; then echo "$1: verilator --lint-only -Wall (exit $rc):"; cat "$1.lint"; return 1; fi
  echo "$1: lint clean ($(ls "$1"/rtl | tr '\n' ' '))"
}
iwls=$LUTC_SHARED_DATA/iwls2022/ex68.truth
[ -f "$iwls" ] || { echo "missing $iwls"; exit 77; }
"$LUTC" -q compile "$iwls" -o ex68 -j 2
"$LUTC" -q compile "$iwls" -o ex68_pipe --pipeline 2 -j 2
"$LUTC" -q compile "$iwls" -o ex68_generic --target generic -K 4 -j 2
"$LUTC" -q compile "$LUTC_SOURCE_DIR/examples/digits_hgq/model.json.gz" -o hgq -j 2
"$LUTC" -q compile "$LUTC_SOURCE_DIR/examples/digits_hgq/model.json.gz" -o hgq_generic --target generic -j 2
# The ALIR model really has adder cells (else this would only repeat the LUT case).
cells=$(json_get hgq/report.json adder_cells)
echo "digits_hgq: $cells adder cells"
[ "$cells" -gt 0 ]
for d in ex68 ex68_pipe ex68_generic hgq hgq_generic; do lint "$d"; done
