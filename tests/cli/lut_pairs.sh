# labels: tools
# compile --lut-pairs: LUT pairs that read at most 5 inputs together become one LUT6_2 each. The
# paired RTL still equals the software model (Verilator, random vectors + the held-out split),
# Yosys counts exactly one LUT less per pair, and without the flag nothing is paired.
model=$LUTC_SOURCE_DIR/examples/digits_hgq/model.json.gz
data=$LUTC_SOURCE_DIR/examples/digits_hgq/test.csv
"$LUTC" -q compile "$model" -o single -j 2
"$LUTC" -q compile "$model" -o paired -j 2 --lut-pairs
pairs=$(json_get paired/report.json stages.emit.lut_pairs)
echo "LUT pairs: $pairs"
[ "$pairs" -gt 0 ]
python3 -c 'import json,sys; sys.exit("lut_pairs" in json.load(open("single/report.json"))["stages"]["emit"])'
cmp single/netlist.json paired/netlist.json  # pairing is a writing step: the netlist is the same
"$LUTC" verify paired --data "$data" | tee verify.txt
grep -Eq ' 0 mismatches' verify.txt
"$LUTC" -q synth single
"$LUTC" -q synth paired
[ $(( $(json_get single/synth/report.json luts) - $(json_get paired/synth/report.json luts) )) = "$pairs" ]
