# labels: fast
# A failed compile leaves no output directory and never damages an existing one.
cat > bad.yaml <<'YAML'
format: lutc-model/v1
name: broken
inputs:
  - {name: a, width: 2}
nodes:
  - {name: n0, inputs: [a, nosuch], width: 1, table: "0"}
outputs:
  - {name: y, source: n0}
YAML
expect_fail "$LUTC" compile bad.yaml -o fresh 2> err.txt
cat err.txt
[ "$(wc -l < err.txt)" = 1 ]
grep -q 'bad.yaml:6:' err.txt
[ ! -e fresh ]
ls -A | grep -v -e '^bad.yaml$' -e '^err.txt$' && { echo "stray files left behind"; exit 1; } || true
# An existing good output survives a failed recompile untouched.
"$LUTC" -q compile "$LUTC_SOURCE_DIR/examples/tiny_mlp.yaml" -o keep
before=$(cd keep && find . -type f -exec sha1sum {} + | sort)
expect_fail "$LUTC" compile bad.yaml -o keep
after=$(cd keep && find . -type f -exec sha1sum {} + | sort)
[ "$before" = "$after" ]
