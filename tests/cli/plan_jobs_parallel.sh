# labels: tools
# `lutc compile --plan` + GNU parallel running `lutc minimize-job` into one shared cache: the
# compile afterwards minimizes nothing (every table from the cache) and its netlist and RTL are
# byte-identical to a plain local compile. Every job runs twice at once (concurrent writers), and
# once more through parallel's --sshlogin path (its --ssh replaced by a local shell, as no sshd
# runs here). Damaged job files are refused with one FILE:LINE error.
command -v parallel >/dev/null || { echo "GNU parallel is missing: run tools/setup.sh" >&2; exit 1; }
python3 "$LUTC_SOURCE_DIR/tools/make_network.py" --layers 24,16,8 --inputs 16 --fanin 4 --bits 3 --seed 5 -o net.yaml
export LUTC_CACHE_DIR=$WORK/private-cache  # the plan's own cost-model queries; the jobs' cache is shared/

# OUT is required except with --plan.
expect_fail "$LUTC" compile net.yaml 2>err.txt
grep -q -- '--output is required' err.txt

"$LUTC" -q compile net.yaml --plan plan --cache shared | tee plan.txt
jobs=$(wc -l <plan/jobs.txt)
[ "$jobs" -ge 12 ]
grep -q "^planned net.yaml: $jobs minimization jobs in $WORK/plan/jobs.txt" plan.txt
# (the passes' cost-model queries, minimized while planning, are in shared/ too: the compile asks them again)
# Job files are named by their content's key.
first=$(head -1 plan/jobs.txt)
[ "$(basename "$first" .job)" = "$(sed -n 's/^key //p' "$first")" ]

cat plan/jobs.txt plan/jobs.txt | parallel --halt now,fail=1 --timeout 120 -j 4 "$LUTC" -q minimize-job {} --cache shared >solved.txt
for j in $(cat plan/jobs.txt); do [ -s "shared/minimize/$(basename "$j" .job)" ]; done
[ -z "$(ls -a shared/minimize | grep -v '^[0-9a-f]\{16\}$' | grep -v '^\.\.\?$' || true)" ]  # no temporaries left
# The --sshlogin path: parallel builds the remote command line and runs it through --ssh.
# ssh HOST [--] COMMAND... runs the words of COMMAND joined by spaces in the remote shell, with
# SHELL set to the login shell as sshd does (parallel's remote wrapper runs the job in $SHELL and
# silently runs nothing when it is unset, as it can be in a CI runner's environment).
printf '#!/bin/sh\nshift\n[ "$1" = -- ] && shift\nexport SHELL=/bin/sh\nexec /bin/sh -c "$*"\n' >fake-ssh
chmod +x fake-ssh
parallel --ssh "$WORK/fake-ssh" --sshlogin 2/worker1 --halt now,fail=1 --timeout 120 \
  "$LUTC" -q minimize-job {} --cache "$WORK/shared" :::: plan/jobs.txt >ssh.txt
[ "$(grep -c 'already in the cache' ssh.txt)" = "$jobs" ]

# A plan with everything solved lists no job.
"$LUTC" -q compile net.yaml --plan plan2 --cache shared | grep -q ': 0 minimization jobs'
"$LUTC" compile net.yaml -o viaplan --cache shared
tables=$(json_get viaplan/report.json stages.minimize.tables)
[ "$(json_get viaplan/report.json stages.minimize.cache_hits)" = "$tables" ]
"$LUTC" compile net.yaml -o local --no-cache
cmp viaplan/netlist.json local/netlist.json
diff -r viaplan/rtl local/rtl

# Damaged jobs: one error line naming the file and line, non-zero exit, nothing written.
head -c 200 "$first" >truncated.job
expect_fail "$LUTC" minimize-job truncated.job --cache bad 2>err.txt
[ "$(wc -l <err.txt)" = 1 ]
grep -Eq '^truncated\.job:[0-9]+: error: ' err.txt
sed 's/^effort 1$/effort 2/' "$first" >tampered.job
expect_fail "$LUTC" minimize-job tampered.job --cache bad 2>err.txt
grep -q '^tampered.job:[0-9]*: error: the content does not match' err.txt
sed '1s/.*/lutc-lut-network 1/' "$first" >wrong.job
expect_fail "$LUTC" minimize-job wrong.job --cache bad 2>err.txt
grep -q "^wrong.job:1: error: expected 'lutc-minimize-job'" err.txt
[ ! -e bad ]
