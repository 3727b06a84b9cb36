# Ports, nodes and the top module named like every SystemVerilog keyword (and the cell, harness
# and C++ names the RTL must avoid) compile with a warning naming old and new names, verify
# bit-exact in Verilator, and lint clean with `verilator --lint-only -Wall`.
export LUTC_CACHE_DIR=$WORK/cache
python3 - "$LUTC_SOURCE_DIR/compiler/backend/verilog_names.cpp" <<'PY'
import re, sys
src = open(sys.argv[1]).read()
names = []
for block in re.findall(r'words = \{(.*?)\};', src, re.S):
    names += re.findall(r'"([^"]+)"', block)
names = sorted(set(names))
# Three models; each name is an input in one, a node in another and an output in the third.
third = (len(names) + 2) // 3
groups = [names[i * third:(i + 1) * third] for i in range(3)]
for m in range(3):
    ins, nodes, outs = groups[m], groups[(m + 1) % 3], groups[(m + 2) % 3]
    k = min(len(ins), len(nodes), len(outs))
    y = ["format: lutc-model/v1", "name: '%s'" % ins[0], "inputs:"]
    y += ["  - {name: '%s', width: 1}" % n for n in ins]
    y += ["nodes:"]
    for i in range(k):
        a, b = ins[i], ins[(i + 1) % len(ins)]
        y += ["  - {name: '%s', inputs: ['%s', '%s'], width: 1, table: '%s'}" % (nodes[i], a, b, "6" if i % 2 else "8")]
    y += ["outputs:"]
    y += ["  - {name: '%s', source: '%s'}" % (outs[i], nodes[i]) for i in range(k)]
    open("kw%d.yaml" % m, "w").write("\n".join(y) + "\n")
print(len(names), "names")
PY
for m in 0 1 2; do
  "$LUTC" compile kw$m.yaml -o out$m 2> warn$m.txt
  # A warning per renamed port, naming old and new names.
  grep -q "warning: input '.*' is named '.*_' in the RTL" warn$m.txt
  grep -q "warning: output '.*' is named '.*_' in the RTL" warn$m.txt
  "$LUTC" -q verify out$m --vectors 2000 | tee v$m.txt
  grep -q " 0 mismatches" v$m.txt
  top=$(json_get out$m/report.json design.top)
  timeout 300 verilator --lint-only -Wall --top-module "$top" out$m/rtl/*.v
done
