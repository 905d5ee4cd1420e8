#!/bin/bash
# SIGKILL a run again and again, resume it each time, and check after every
# kill that the run directory is consistent, and at the end that the result
# is the uninterrupted run's: one row set per (cell, repetition, metric),
# the same rows, every plan entry recorded exactly once, nothing left running.
#
# Nothing here depends on the machine's speed. The "gated" application
# waits inside its container until the test lets it go, so the first kills
# land mid-repetition by construction; the later ones come at random
# moments (start-up, journal writes, containers) and are counted, not
# required: a fast machine may finish before some of them.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root runc python3

cat >"$T/exp.yaml" <<YEOF
name: killtest
seed: 11
repetitions: 8
warmup: 1
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: two, workload: command, params: {command: "echo 2", unit: ops}}
  - {name: three, workload: command, params: {command: "echo 3.5", unit: ops}}
  - {name: fails, workload: command, params: {command: "echo bad >&2; exit 1"}}
  - name: gated
    workload: command
    params:
      command: "$GATED_COMMAND"
      unit: ops
YEOF

# rows without run_id and value: what must not depend on interruptions
rows() { tail -n +2 "$1" | cut -d, -f2-8,10- | sort; }

open_gates "$T/ref"
"$CRBENCH" run -q "$T/exp.yaml" -o "$T/ref" >"$T/ref.log" 2>&1
check_eq "uninterrupted run exits 1 (one cell always fails)" $? 1
close_gates

run=$T/run
resumes=0
broken=""
start_or_resume() {
	# until the run directory exists (it appears complete, or not at all), start afresh
	if [ -e "$run/plan.tsv" ]; then
		"$CRBENCH" resume -q "$run" >>"$T/kill.log" 2>&1 &
		resumes=$((resumes + 1))
	else
		"$CRBENCH" run -q "$T/exp.yaml" -o "$run" >>"$T/kill.log" 2>&1 &
	fi
	pid=$!
}

# After every kill: complete journal lines are JSON (a torn last line is
# allowed: replay ignores it), samples.csv has its header and no row set
# twice, and `crbench status` reads the directory.
consistent() {
	[ -e "$run/plan.tsv" ] || return 0
	python3 -c '
import json, sys
text = open(sys.argv[1]).read()
for n, line in enumerate(text.split("\n")[:-1], 1):
    json.loads(line)
' "$run/journal.jsonl" || return 1
	if [ -e "$run/samples.csv" ]; then
		head -n 1 "$run/samples.csv" | grep -qx \
			'run_id,host,host_type,runtime,application,variant,repetition,metric,value,unit,better,status' ||
			return 1
		[ -z "$(tail -n +2 "$run/samples.csv" | cut -d, -f2-8,12 | sort | uniq -d)" ] || return 1
	fi
	"$CRBENCH" status "$run" >/dev/null 2>&1
	[ $? -le 1 ]
}
after_kill() { consistent || broken="$broken $1"; }

# Kills that land mid-repetition by construction: a gated repetition is
# waiting for its gate, which stays closed.
gated_kills=0
for round in 1 2 3; do
	start_or_resume
	if wait_waiting "$run" "$pid" && running "$pid"; then
		kill -9 "$pid"
		gated_kills=$((gated_kills + 1))
	fi
	wait "$pid" 2>/dev/null
	after_kill "gated-$round"
	waiting "$run" | xargs -r rm -f
done
check_eq "three kills while a repetition waited for its gate" "$gated_kills" 3

# Kills at random moments, with the gates open: counted, not required.
open_gates "$run"
RANDOM=4242
random_kills=0
for round in $(seq 1 20); do
	[ -e "$run/plan.tsv" ] && grep -q '"event":"run-finished"' "$run/journal.jsonl" && break
	start_or_resume
	sleep "0.$(printf '%02d' $((RANDOM % 60 + 5)))"
	if running "$pid"; then
		kill -9 "$pid"
		random_kills=$((random_kills + 1))
	fi
	wait "$pid" 2>/dev/null
	after_kill "random-$round"
done
echo "# $gated_kills gated and $random_kills random kills landed"
check_eq "the run directory was consistent after every kill" "${broken:-none}" none

"$CRBENCH" resume -q "$run" >>"$T/kill.log" 2>&1
check_eq "final resume exits 1 (the failing cell, nothing else)" $? 1
close_gates

check_eq "same rows as the uninterrupted run" "$(rows "$run/samples.csv" | md5sum)" \
	"$(rows "$T/ref/samples.csv" | md5sum)"
diff <(rows "$T/ref/samples.csv") <(rows "$run/samples.csv") | head -n 20 | sed 's/^/#   /'
check_eq "one row set per (cell, repetition, metric, warm-up or not)" \
	"$(tail -n +2 "$run/samples.csv" | awk -F, '{print $2,$3,$4,$5,$6,$7,$8,($12=="warmup")}' |
		sort | uniq -d | wc -l)" 0
check_eq "rows: 4 cells x 9 repetitions (one warm-up) x 2 metrics" "$(tail -n +2 "$run/samples.csv" | wc -l)" 72
check_eq "warm-up rows keep their values" \
	"$(awk -F, '$5=="two" && $8=="value" && $12=="warmup" {print $9}' "$run/samples.csv")" 2
check_eq "gated rows have their values" \
	"$(awk -F, '$5=="gated" && $8=="value" && $12=="ok" {print $9}' "$run/samples.csv" | sort -u)" 4
plan_entries=$(($(wc -l <"$run/plan.tsv") - 1))
final=$(grep -E '"event":"(finished|failed)"' "$run/journal.jsonl" |
	sed 's/.*"order":\([0-9]*\).*/\1/' | sort -n | uniq)
check_eq "every plan entry recorded exactly once" \
	"$(echo "$final" | wc -l)/$(grep -cE '"event":"(finished|failed)"' "$run/journal.jsonl")" \
	"$plan_entries/$plan_entries"
check "every journal line is complete JSON" python3 -c '
import json, sys
for n, line in enumerate(open(sys.argv[1]), 1):
    json.loads(line)
' "$run/journal.jsonl"
# A resume killed before its engine started has recorded nothing (under
# ASan a start-up takes long enough for that): each recorded resume is one
# that ran (the gated kills guarantee three that ran), and the last one,
# which finished the run, is there.
recorded=$(grep -c '"event":"run-resumed"' "$run/journal.jsonl")
check "journal: no more resumes recorded than ran ($recorded of $((resumes + 1)))" \
	test "$recorded" -ge 3 -a "$recorded" -le "$((resumes + 1))"
check_eq "journal: the final resume recorded, then the run's end" \
	"$(grep -o '"event":"run-[a-z]*"' "$run/journal.jsonl" | tail -n 2 | paste -sd' ')" \
	'"event":"run-resumed" "event":"run-finished"'
check_eq "no staging directory left behind" "$(find "$T" -maxdepth 1 -name 'run.new-*' | wc -l)" 0
check "in-flight repetitions were set aside, not lost" \
	test -n "$(find "$run/raw" -maxdepth 2 -name '*.partial-*' | head -n 1)"
check_eq "no temp file left in the run directory" "$(find "$run" -maxdepth 1 -name '*.tmp.*' | wc -l)" 0

"$CRBENCH" analyze "$run" >/dev/null 2>&1
check_eq "analyze accepts the resumed run" $? 0
leftover=0
prefixes=$(sed -n 's/.*"container_prefix":"\(crb[0-9a-f]*\)".*/\1/p' "$run/journal.jsonl")
for prefix in $prefixes; do
	n=$(find /sys/fs/cgroup/*/crbench -maxdepth 1 -name "$prefix-*" 2>/dev/null | wc -l)
	leftover=$((leftover + n))
done
check_eq "no container cgroup of any session left" "$leftover" 0
# shellcheck disable=SC2086 # one prefix a word
check_eq "no process of any session left in a container cgroup" "$(in_cgroups $prefixes)" 0
check "scratch directory removed" test ! -e "$(scratch_dir "$run")"
