# `lutc report` opened in a real headless browser (Debian chromium, installed by tools/setup.sh):
# the page loads without a console message (no script, no blocked fetch: its Content-Security-Policy
# forbids any), the DOM has the charts and tables, and every number it shows equals the one in
# OUT/report.json or OUT/synth/report.json (tests/report_dom_check.py). The checks can fail: a
# page with a fetch is caught, and so is a DOM with one number changed.
chromium=$(command -v chromium || true)
[ -n "$chromium" ] || { echo "chromium is not installed (tools/setup.sh installs it)" >&2; exit 1; }
browser() {  # browser PAGE.html ARGS...: headless chromium, console on stderr (captured per page)
  local page=$1; shift
  local flags=(--headless --disable-gpu --hide-scrollbars --enable-logging=stderr --v=0 --user-data-dir="$WORK/chromium-profile")
  [ "$(id -u)" = 0 ] && flags+=(--no-sandbox)
  timeout 120 "$chromium" "${flags[@]}" "$@" "file://$(realpath "$page")"
}
console_errors() { grep -E ':CONSOLE|Uncaught|Content Security Policy' "$1" || true; }
check=$LUTC_SOURCE_DIR/tests/report_dom_check.py
ex=$LUTC_SOURCE_DIR/examples

"$LUTC" -q compile "$ex/digits_hgq/model.json.gz" -o hgq
"$LUTC" -q verify hgq --data "$ex/digits_hgq/test.csv"
"$LUTC" -q synth hgq
"$LUTC" -q compile "$ex/digits_hybrid/model.json.gz" -o hybrid   # verified, not synthesized
"$LUTC" -q verify hybrid --data "$ex/digits_hybrid/test.csv"
"$LUTC" -q compile "$ex/tiny_mlp.yaml" -o tiny                     # no data, no accuracy
"$LUTC" -q verify tiny

# One design: the README's screenshot page.
"$LUTC" report hgq -o one.html | tee report.txt
grep -Eq '^report: 1 design, 4 charts, [0-9]+ numbers -> one.html$' report.txt
browser one.html --dump-dom > one.dom 2> one.log
[ -z "$(console_errors one.log)" ] || { console_errors one.log; exit 1; }
python3 "$check" one.dom hgq --expect design-0 layers-0 synth-0 table-sizes-0 dont-cares-0 verification-0 accuracy-0
# One bar per table in the don't-care strip.
tables=$(python3 -c 'import json; print(len(json.load(open("hgq/report.json"))["tables"]))')
[ "$(grep -o 'data-key="tables\.[0-9]*\.care_fraction"' one.dom | sort -u | wc -l)" = "$tables" ]
browser one.html --screenshot="$WORK/one.png" --window-size=1100,1500 2> shot.log
python3 -c 'import sys; d=open(sys.argv[1],"rb").read(); assert d[:8]==b"\x89PNG\r\n\x1a\n" and len(d) > 20000, len(d)' one.png

# Three designs: the accuracy-vs-LUTs plot has a point for each design with a measured accuracy.
"$LUTC" report hgq hybrid tiny -o three.html --title "digits and tiny_mlp"
browser three.html --dump-dom > three.dom 2> three.log
[ -z "$(console_errors three.log)" ] || { console_errors three.log; exit 1; }
python3 "$check" three.dom hgq hybrid tiny --expect compare accuracy-vs-luts compare-table design-0 design-1 design-2 synth-0
[ "$(grep -c '<circle' three.dom)" = 2 ]
grep -q 'Not verified yet\|Synthesis has not run' three.dom

# The terminal form: the same numbers as a Markdown table.
"$LUTC" report hgq hybrid tiny --markdown | tee report.md
grep -Eq "^\| hgq \| $(json_get hgq/report.json luts) \| $(json_get hgq/synth/report.json luts) \| $(json_get hgq/synth/report.json carry) \| .* \| 85\.28% \| 85\.28% \|$" report.md
grep -Eq '^\| tiny \| [0-9]+ \| - \|.* \| - \| - \|$' report.md

# The checks can fail: a page that fetches something logs a console error ...
sed 's|</body>|<img src="https://example.com/x.png"></body>|' one.html > fetch.html
browser fetch.html --dump-dom > fetch.dom 2> fetch.log
[ -n "$(console_errors fetch.log)" ]
# ... and a DOM whose number differs from the JSON is refused.
python3 - one.dom <<'PY'
import re, sys
t = open(sys.argv[1]).read()
t2 = re.sub(r'(data-key="verification\.data\.0\.rtl_accuracy" data-value=")[^"]*', r'\g<1>0.5', t, count=1)
assert t2 != t
open("changed.dom", "w").write(t2)
PY
expect_fail python3 "$check" changed.dom hgq
