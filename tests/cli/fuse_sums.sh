# labels: tools
# compile --passes with fuse_sums: the trained digits model's adder trees become multi-operand
# sums (fewer adder cells than the default pipeline makes), and the RTL still equals the software
# model (Verilator, random vectors + the held-out split), and the held-out accuracy is unchanged.
model=$LUTC_SOURCE_DIR/examples/digits_hgq/model.json.gz
data=$LUTC_SOURCE_DIR/examples/digits_hgq/test.csv
"$LUTC" compile "$model" -o plain -j 2
"$LUTC" compile "$model" -o fused -j 2 --passes retable,fuse_sums,prune,share_tables,reachability,prune
plain_cells=$(json_get plain/report.json adder_cells)
fused_cells=$(json_get fused/report.json adder_cells)
echo "adder cells: default pipeline $plain_cells, with fuse_sums $fused_cells"
[ "$fused_cells" -lt "$plain_cells" ]
"$LUTC" verify fused --data "$data" | tee verify.txt
grep -Eq ' 0 mismatches' verify.txt
grep -q 'accuracy 85.28% in RTL simulation' verify.txt
# A misspelt pass is one error line and no OUT.
if "$LUTC" compile "$model" -o bad --passes retable,fuse_sum 2> err.txt; then exit 1; fi
grep -q "unknown pass 'fuse_sum'" err.txt
[ ! -e bad ]
