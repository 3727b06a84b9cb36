# labels: fast
# Progress of the minimization: plain lines when stderr is not a terminal (the final one exact),
# a bar redrawn in place with done/total when it is one (run under script(1), a pseudo-terminal).
model=$LUTC_SOURCE_DIR/examples/digits_hgq/model.json.gz
"$LUTC" compile "$model" -o plain --no-cache 2> plain.err
n=$(json_get plain/report.json stages.minimize.tables)
[ "$n" -gt 0 ]
grep -qx "\[lutc\] minimized $n/$n tables" plain.err
if grep -q $'\r' plain.err; then echo "carriage return in non-terminal output" >&2; exit 1; fi
command -v script >/dev/null || { echo "script(1) is missing (util-linux)" >&2; exit 77; }
script -qec "$LUTC compile $model -o tty --no-cache" /dev/null > tty.out
grep -q $'\r'".*\[lutc\] \[##############################\] minimized $n/$n tables" tty.out
# Quiet prints no progress at all.
"$LUTC" -q compile "$model" -o quiet --no-cache 2> quiet.err
[ ! -s quiet.err ]
