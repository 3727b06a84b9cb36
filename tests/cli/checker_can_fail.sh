# The verifier must be able to fail: complementing one emitted LUT's INIT makes verify exit non-zero.
"$LUTC" compile "$LUTC_SHARED_DATA/iwls2022/ex70.truth" -o good
"$LUTC" verify good | grep -Eq '^4096 vectors, 0 mismatches'
cp -r good bad
top=$(json_get bad/report.json design.top)
python3 - "bad/rtl/$top.v" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
m = re.search(r"\.INIT\((\d+)'h([0-9a-fA-F_]+)\)", text)
assert m, "no LUT INIT found in " + path
bits = int(m.group(1)); value = int(m.group(2).replace("_", ""), 16)
flipped = (~value) & ((1 << bits) - 1)
new = ".INIT(%d'h%0*x)" % (bits, (bits + 3) // 4, flipped)
open(path, "w").write(text[:m.start()] + new + text[m.end():])
print("complemented", m.group(0), "->", new)
PY
set +e
"$LUTC" verify bad > bad.txt 2>&1
code=$?
set -e
cat bad.txt
[ "$code" -ne 0 ]
grep -Eq '^4096 vectors, [1-9][0-9]* mismatches' bad.txt
grep -q 'first mismatch' bad.txt
