# verify's bit-sliced simulator (--sim-form, docs/verify.md): it agrees with the emitted RTL on a
# good design, and a fault is caught by the simulator that sees it: a complemented LUT in
# netlist.json by the sliced form (on every vector), one in the emitted RTL by the RTL prefix.
"$LUTC" compile "$LUTC_SHARED_DATA/iwls2022/ex70.truth" -o good
"$LUTC" verify good --sim-form sliced --rtl-vectors 1000 > good.txt 2>&1
cat good.txt
grep -Eq '^4096 vectors, 0 mismatches' good.txt
grep -q 'RTL simulation .* for 1000 ' good.txt
grep -q 'sliced simulation .* for 4096 ' good.txt
# auto: 4096 exhaustive vectors are within the default RTL prefix, so only the RTL runs.
"$LUTC" verify good > auto.txt 2>&1
grep -q 'RTL simulation .* for 4096 ' auto.txt
! grep -q 'sliced simulation' auto.txt

complement_first_lut() {  # DIR: the first LUT of netlist.json
  python3 - "$1/netlist.json" <<'PY'
import json, sys
path = sys.argv[1]
j = json.load(open(path))
lut = j["luts"][-1]  # the last LUT drives an output in a minimized single-function netlist
bits = 1 << len(lut["fanins"])
lut["init"] = "%016x" % (~int(lut["init"], 16) & ((1 << bits) - 1))
json.dump(j, open(path, "w"))
PY
}
cp -r good bad_netlist
complement_first_lut bad_netlist
expect_fail "$LUTC" verify bad_netlist --sim-form sliced --rtl-vectors 0 > bad_netlist.txt
cat bad_netlist.txt
grep -Eq '^4096 vectors, [1-9][0-9]* mismatches' bad_netlist.txt
grep -q '(sliced netlist)$' bad_netlist.txt
# The RTL is unchanged: --sim-form rtl passes on the same directory.
"$LUTC" verify bad_netlist --sim-form rtl | grep -Eq '^4096 vectors, 0 mismatches'

cp -r good bad_rtl
top=$(json_get bad_rtl/report.json design.top)
python3 - "bad_rtl/rtl/$top.v" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
m = list(re.finditer(r"\.INIT\((\d+)'h([0-9a-fA-F_]+)\)", text))[-1]
bits = int(m.group(1)); value = int(m.group(2).replace("_", ""), 16)
new = ".INIT(%d'h%0*x)" % (bits, (bits + 3) // 4, (~value) & ((1 << bits) - 1))
open(path, "w").write(text[:m.start()] + new + text[m.end():])
PY
expect_fail "$LUTC" verify bad_rtl --sim-form sliced --rtl-vectors 4096 > bad_rtl.txt
cat bad_rtl.txt
grep -Eq '^4096 vectors, [1-9][0-9]* mismatches' bad_rtl.txt
grep -q '(RTL)$' bad_rtl.txt
