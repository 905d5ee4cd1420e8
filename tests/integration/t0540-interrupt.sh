#!/bin/bash
# Ctrl-C: the step in flight is stopped and cleaned up, the journal stays
# consistent, crbench says how to resume, and resume completes the run.
# A second Ctrl-C stops at once, still resumable.
. "$(dirname "$0")/../lib.sh"
needs root runc stress-ng

cat >"$T/exp.yaml" <<'YEOF'
name: ctrlc
repetitions: 2
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: slow, workload: stress-ng, params: {duration: 8s}}
  - {name: quick, workload: command, params: {command: "echo 1"}}
YEOF

# wait_for FILE PATTERN: up to 20 s for a line to appear
wait_for() {
	for _ in $(seq 200); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

"$CRBENCH" run "$T/exp.yaml" -o "$T/run" >"$T/log" 2>&1 &
pid=$!
on_exit "kill -9 $pid 2>/dev/null"
check "the slow step starts" wait_for "$T/run/journal.jsonl" '"cell":"local.runc.slow.default","event":"started"'
kill -INT "$pid"
wait "$pid"
status=$?
check_eq "interrupted run exits 130" "$status" 130
wall=$(sed -n 's/.*"wall_seconds": \([0-9.]*\).*/\1/p' \
	"$T"/run/raw/local.runc.slow.default/*/run/timings.json | head -n 1)
check "the 8 s step was stopped before it could finish (after ${wall}s)" \
	awk -v w="$wall" 'BEGIN { exit !(w != "" && w < 8) }'
check_grep "it says how to continue" "continue with: crbench resume $T/run" "$T/log"
check_grep "the journal records the interruption" '"event":"interrupted"' "$T/run/journal.jsonl"
check_eq "no finished event for the interrupted step" \
	"$(grep -c '"cell":"local.runc.slow.default","event":"finished"' "$T/run/journal.jsonl")" 0
prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$T/run/run.json")
check_eq "its container is gone" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
check_eq "no stress-ng of this run left" "$(pgrep -f 'stress-ng --cpu 1 --timeout=8s' | wc -l)" 0

# a second Ctrl-C stops at once (no clean-up wait), still resumable
"$CRBENCH" resume "$T/run" >"$T/log2" 2>&1 &
pid=$!
check "the resumed run starts a step" wait_for "$T/run/journal.jsonl" '"event":"run-resumed"'
sleep 1
kill -INT "$pid"
kill -INT "$pid"
wait "$pid"
check_eq "second Ctrl-C: killed by SIGINT" $? 130

cp "$T/run/experiment.yaml" "$T/saved.yaml"
sed -i 's/duration: 8s/duration: 1s/' "$T/run/experiment.yaml"
check_fails "resume refuses an edited experiment.yaml" 2 "$CRBENCH" resume "$T/run"
check_grep "and says why" "was changed since the run started" "$T/.out"
cp "$T/saved.yaml" "$T/run/experiment.yaml"

"$CRBENCH" resume -q "$T/run" >"$T/log3" 2>&1
check_eq "resume completes the run" $? 0
check_eq "all rows there: 2 apps x 2 reps x 2 metrics" "$(tail -n +2 "$T/run/samples.csv" | wc -l)" 8
check_eq "every row ok" "$(tail -n +2 "$T/run/samples.csv" | grep -vc ',ok$')" 0
