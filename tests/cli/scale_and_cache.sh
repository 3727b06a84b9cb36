# labels: tools slow
# A 200-neuron network of 12-bit-index tables compiles on 2 threads; a second compile takes every
# table and the whole-network result (netopt, proved equal again) from the cache; thread count and cache do not change a byte of the output. The builtin
# engine alone (no ABC, also not in netopt): what is tested here is the cache and the threads,
# and ABC on 200 wide tables would add minutes to the suite.
python3 "$LUTC_SOURCE_DIR/tools/make_network.py" --layers 80,60,40,20 --inputs 16 --fanin 4 --bits 3 --seed 3 -o net.yaml
export LUTC_CACHE_DIR=$WORK/cache
"$LUTC" compile net.yaml -o first -j 2 --engine builtin
"$LUTC" compile net.yaml -o second -j 2 --engine builtin
# The README's builtin-engine figure for this network (bench/scale_cache.sh's), +2%.
readme_guard scale200.builtin.luts "$(json_get first/report.json luts)"
tables=$(json_get second/report.json stages.minimize.tables)
[ "$(json_get first/report.json stages.read.neurons)" -ge 200 ]
# (a cold run may still hit: tables with identical content share one cache entry)
[ "$(json_get first/report.json stages.minimize.cache_hits)" -lt $((tables / 2)) ]
[ "$(json_get second/report.json stages.minimize.cache_hits)" = "$tables" ]
[ "$(json_get first/report.json stages.netopt.cache_hit)" = False ]
[ "$(json_get second/report.json stages.netopt.cache_hit)" = True ]
[ "$(json_get second/report.json stages.netopt.check)" = equal ]
[ -n "$(ls "$LUTC_CACHE_DIR/netopt")" ]
"$LUTC" compile net.yaml -o serial -j 1 --no-cache --engine builtin
diff -r first/rtl second/rtl
diff -r first/rtl serial/rtl
diff first/netlist.json serial/netlist.json
# 48 input bits: random vectors, compared bit-exact with the software model.
"$LUTC" verify first --vectors 20000 | tee verify.txt
grep -Eq '^20000 vectors, 0 mismatches' verify.txt
