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

# The accuracy is the simulated RTL's own: with 40 LUT INITs of the trained example complemented,
# verify fails, the RTL's accuracy on the held-out split drops while the model's stays, and
# report.json records the samples whose classes differ.
ex=$LUTC_SOURCE_DIR/examples/digits_hgq
"$LUTC" -q compile "$ex/model.json.gz" -o digits_bad
python3 - "digits_bad/rtl/$(json_get digits_bad/report.json design.top).v" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
found = list(re.finditer(r"\.INIT\((\d+)'h([0-9a-fA-F_]+)\)", text))
assert len(found) >= 40, len(found)
for m in reversed(found[:40]):
    bits, value = int(m.group(1)), int(m.group(2).replace("_", ""), 16)
    text = text[:m.start()] + ".INIT(%d'h%0*x)" % (bits, (bits + 3) // 4, ~value & ((1 << bits) - 1)) + text[m.end():]
open(path, "w").write(text)
PY
expect_fail "$LUTC" verify digits_bad --data "$ex/test.csv" > digits_bad.txt
cat digits_bad.txt
python3 - digits_bad/report.json "$ex/meta.json" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))["verification"]
meta = json.load(open(sys.argv[2]))
acc = v["data"][0]
assert v["mismatches"] > 0 and acc["class_mismatches"] > 0, v
assert acc["model_accuracy"] == meta["alkaid_test_accuracy"], acc
assert acc["rtl_accuracy"] < acc["model_accuracy"], acc
print(f"broken RTL: accuracy {acc['rtl_accuracy']:.4f} against the model's {acc['model_accuracy']:.4f}, "
      f"{acc['class_mismatches']} samples of another class")
PY
