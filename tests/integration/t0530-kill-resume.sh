#!/bin/bash
# SIGKILL a run at 20 random moments (during start-up, containers, journal
# writes), resume it each time, and check that the result is the
# uninterrupted run's: one row set per (cell, repetition, metric), the same
# rows, every plan entry recorded exactly once, nothing left running.
. "$(dirname "$0")/../lib.sh"

cat >"$T/exp.yaml" <<'YEOF'
name: killtest
seed: 11
repetitions: 20
warmup: 1
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: two, workload: command, params: {command: "echo 2", unit: ops}}
  - {name: three, workload: command, params: {command: "echo 3.5", unit: ops}}
  - {name: fails, workload: command, params: {command: "echo bad >&2; exit 1"}}
YEOF

# rows without run_id and value: what must not depend on interruptions
rows() { tail -n +2 "$1" | cut -d, -f2-8,10- | sort; }

"$CRBENCH" run -q "$T/exp.yaml" -o "$T/ref" >"$T/ref.log" 2>&1
check_eq "uninterrupted run exits 1 (one cell always fails)" $? 1

# running PID: alive and not a zombie (a zombie still accepts kill -9)
running() { [ -e "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]; }

run=$T/run
RANDOM=4242
kills=0
resumes=0
while [ "$kills" -lt 20 ]; do
	# until the run directory exists (it appears complete, or not at all), start afresh
	if [ -e "$run/plan.tsv" ]; then
		"$CRBENCH" resume -q "$run" >>"$T/kill.log" 2>&1 &
		resumes=$((resumes + 1))
	else
		"$CRBENCH" run -q "$T/exp.yaml" -o "$run" >>"$T/kill.log" 2>&1 &
	fi
	pid=$!
	sleep "0.$(printf '%02d' $((RANDOM % 60 + 5)))"
	if running "$pid"; then
		kill -9 "$pid"
		kills=$((kills + 1))
	fi
	wait "$pid" 2>/dev/null
	[ -e "$run/plan.tsv" ] && ! grep -q '"event":"run-finished"' "$run/journal.jsonl" || break
done
check "killed $kills times before the run could finish" test "$kills" -ge 20
"$CRBENCH" resume -q "$run" >>"$T/kill.log" 2>&1
check_eq "final resume exits 1 (the failing cell, nothing else)" $? 1

check_eq "same rows as the uninterrupted run" "$(rows "$run/samples.csv" | md5sum)" \
	"$(rows "$T/ref/samples.csv" | md5sum)"
check_eq "one row set per (cell, repetition, metric, warm-up or not)" \
	"$(tail -n +2 "$run/samples.csv" | awk -F, '{print $2,$3,$4,$5,$6,$7,$8,($12=="warmup")}' |
		sort | uniq -d | wc -l)" 0
check_eq "rows: 3 cells x 21 repetitions (one warm-up) x 2 metrics" "$(tail -n +2 "$run/samples.csv" | wc -l)" 126
check_eq "warm-up rows keep their values" \
	"$(awk -F, '$5=="two" && $8=="value" && $12=="warmup" {print $9}' "$run/samples.csv")" 2
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
# that ran, and the last one, which finished the run, is there.
recorded=$(grep -c '"event":"run-resumed"' "$run/journal.jsonl")
check "journal: no more resumes recorded than ran ($recorded of $((resumes + 1)))" \
	test "$recorded" -ge 1 -a "$recorded" -le "$((resumes + 1))"
check_eq "journal: the final resume recorded, then the run's end" \
	"$(grep -o '"event":"run-[a-z]*"' "$run/journal.jsonl" | tail -n 2 | paste -sd' ')" \
	'"event":"run-resumed" "event":"run-finished"'
check_eq "no staging directory left behind" "$(find "$T" -maxdepth 1 -name 'run.new-*' | wc -l)" 0
check "in-flight repetitions were set aside, not lost" \
	test -n "$(find "$run/raw" -maxdepth 2 -name '*.partial-*' | head -n 1)"
check_eq "no temp file left in the run directory" "$(find "$run" -maxdepth 1 -name '*.tmp.*' | wc -l)" 0

"$CRBENCH" analyze "$run" >/dev/null 2>&1
check_eq "analyze accepts the resumed run" $? 0
sleep 0.5
leftover=0
for prefix in $(sed -n 's/.*"container_prefix":"\(crb[0-9a-f]*\)".*/\1/p' "$run/journal.jsonl"); do
	n=$(find /sys/fs/cgroup/*/crbench -maxdepth 1 -name "$prefix-*" 2>/dev/null | wc -l)
	leftover=$((leftover + n))
done
check_eq "no container cgroup of any session left" "$leftover" 0
check "scratch directory removed" test ! -e "$(scratch_dir "$run")"
