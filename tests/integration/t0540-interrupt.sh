#!/bin/bash
# Ctrl-C: the step in flight is stopped and cleaned up, the journal stays
# consistent, crbench says how to resume, and resume completes the run.
# A second Ctrl-C stops at once, still resumable. The "slow" step cannot
# finish before the test opens its gate (tests/lib.sh), so each Ctrl-C lands
# mid-step whatever the machine's speed.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root runc stress-ng

cat >"$T/exp.yaml" <<YEOF
name: ctrlc
repetitions: 2
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: slow, workload: command, params: {command: "$GATED_COMMAND"}}
  - {name: quick, workload: command, params: {command: "echo 1"}}
YEOF

"$CRBENCH" run "$T/exp.yaml" -o "$T/run" >"$T/log" 2>&1 &
pid=$!
on_exit "kill -9 $pid 2>/dev/null"
check "the slow step starts" wait_waiting "$T/run" "$pid"
kill -INT "$pid"
wait "$pid"
status=$?
check_eq "interrupted run exits 130" "$status" 130
check_grep "the step was stopped mid-way, its gate still closed" '"interrupted": true' \
	"$(find "$T"/run/raw/local.runc.slow.default -path '*/run/timings.json' | sort | head -n 1)"
check_grep "it says how to continue" "continue with: crbench resume $T/run" "$T/log"
check_grep "the journal records the interruption" '"event":"interrupted"' "$T/run/journal.jsonl"
check_eq "no finished event for the interrupted step" \
	"$(grep -c '"cell":"local.runc.slow.default","event":"finished"' "$T/run/journal.jsonl")" 0
prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$T/run/run.json")
check_eq "its container is gone" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
check_eq "no process of the run left in its cgroups" "$(in_cgroups "$prefix")" 0

# a second Ctrl-C stops at once (no clean-up wait), still resumable
waiting "$T/run" | xargs -r rm -f
"$CRBENCH" resume "$T/run" >"$T/log2" 2>&1 &
pid=$!
check "the resumed run starts the slow step" wait_waiting "$T/run" "$pid"
kill -INT "$pid"
kill -INT "$pid"
wait "$pid"
check_eq "second Ctrl-C: killed by SIGINT" $? 130

cp "$T/run/experiment.yaml" "$T/saved.yaml"
sed -i 's/echo 1/echo 2/' "$T/run/experiment.yaml"
check_fails "resume refuses an edited experiment.yaml" 2 "$CRBENCH" resume "$T/run"
check_grep "and says why" "was changed since the run started" "$T/.out"
cp "$T/saved.yaml" "$T/run/experiment.yaml"

open_gates "$T/run"
"$CRBENCH" resume -q "$T/run" >"$T/log3" 2>&1
check_eq "resume completes the run" $? 0
close_gates
check_eq "all rows there: 2 apps x 2 reps x 2 metrics" "$(tail -n +2 "$T/run/samples.csv" | wc -l)" 8
check_eq "every row ok" "$(tail -n +2 "$T/run/samples.csv" | grep -vc ',ok$')" 0
prefixes=$(sed -n 's/.*"container_prefix":"\(crb[0-9a-f]*\)".*/\1/p' "$T/run/journal.jsonl")
# shellcheck disable=SC2086 # one prefix a word
check_eq "no process of any session left in a container cgroup" "$(in_cgroups $prefixes)" 0
