# Whole-network optimization (netopt): on a JSC-S-like LogicNets network (tools/make_network.py:
# fan-in 3, 2-bit values, every neuron a 6-input table) per-table minimization cannot see that
# neurons reading the same inputs are correlated; netopt removes the fanins and LUTs that joint
# reachability makes useless. The result must need fewer LUTs, be proved equal to the per-table
# netlist (report.json stages.netopt.check), equal the software model in Verilator (combinational
# and with a register after every layer, where absorbed LUTs cross layer boundaries), and Yosys
# must count exactly the LUTs lutc reports.
python3 "$LUTC_SOURCE_DIR/tools/make_network.py" --layers 64,32,32,32,5 --inputs 16 --fanin 3 --bits 2 --seed 1 -o net.yaml
"$LUTC" compile net.yaml -o plain -j 2 --no-netopt
"$LUTC" compile net.yaml -o opt -j 2
plain=$(json_get plain/report.json luts)
opt=$(json_get opt/report.json luts)
echo "LUTs: per-table $plain, with netopt $opt"
[ "$opt" -lt "$plain" ]
[ "$(json_get opt/report.json stages.netopt.check)" = equal ]
[ "$(json_get opt/report.json stages.netopt.luts_before)" = "$plain" ]
[ "$(json_get opt/report.json stages.netopt.luts_after)" = "$opt" ]
# ABC joins netopt as a portfolio member, but lutc's own passes must carry most of the gain.
"$LUTC" compile net.yaml -o own -j 2 --engine builtin
own=$(json_get own/report.json luts)
echo "LUTs: lutc's passes alone $own, ABC saved $(json_get opt/report.json stages.netopt.abc_saved) more"
[ "$(json_get own/report.json stages.netopt.abc_saved)" = 0 ]
[ "$opt" -le "$own" ]
[ $((plain - own)) -gt $((own - opt)) ]
"$LUTC" verify opt | tee verify.txt
grep -Eq '^100000 vectors, 0 mismatches' verify.txt
"$LUTC" -q synth opt
[ "$(json_get opt/synth/report.json luts)" = "$opt" ]
"$LUTC" compile net.yaml -o piped -j 2 --pipeline 1
[ "$(json_get piped/report.json luts)" -lt "$plain" ]
"$LUTC" verify piped | tee verify_piped.txt
grep -Eq '^100000 vectors, 0 mismatches' verify_piped.txt
