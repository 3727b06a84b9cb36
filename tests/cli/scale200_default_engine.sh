# labels: tools slow
# The README's default-engine figure for the 200-neuron network of bench/scale_cache.sh (12-bit
# tables; ABC joins the per-table portfolio and netopt), +2%, and the netlist verified against
# the model. ~100 s of CPU on 2 threads: the one cold default-engine compile of a whole network
# in the suite (cli/scale_and_cache covers the cache and threads with the builtin engine).
python3 "$LUTC_SOURCE_DIR/tools/make_network.py" --layers 80,60,40,20 --inputs 16 --fanin 4 --bits 3 --seed 3 -o net.yaml
export LUTC_CACHE_DIR=$WORK/cache
"$LUTC" -q compile net.yaml -o out -j 2
readme_guard scale200.luts "$(json_get out/report.json luts)"
"$LUTC" verify out --vectors 20000 | tee verify.txt
grep -Eq '^20000 vectors, 0 mismatches' verify.txt
