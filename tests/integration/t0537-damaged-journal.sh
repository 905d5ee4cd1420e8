#!/bin/bash
# A damaged journal never loses what it recorded. A line that is not the
# last with a NUL byte, invalid JSON or an event naming no plan entry stops
# `status` and `resume` with exit 2, naming journal.jsonl and the line, and
# nothing on disk changes. Only a torn last line (no newline: a crash
# mid-write) is cut. `resume --set-aside-damaged` moves damaged lines into
# journal.damaged-N.jsonl, says so, and completes the run.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root runc

cat >"$T/exp.yaml" <<'YEOF'
name: damaged
order: sequential
repetitions: 3
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: quick, workload: command, params: {command: "echo 1"}}
YEOF

run_ok "the run completes" "$T/exp.yaml" "$T/run"
run=$T/run
rows=$(wc -l <"$run/samples.csv")
# a run stopped before its last repetition was recorded
grep -v -e '"order":3,' -e '"event":"run-finished"' "$run/journal.jsonl" >"$T/stopped"
cp "$T/stopped" "$run/journal.jsonl"
cp "$run/samples.csv" "$T/samples"
first_finished=$(grep -n '"event":"finished"' "$T/stopped" | head -n 1 | cut -d: -f1)

# damage LINE TEXT: the stopped journal with line LINE replaced by TEXT
damage() {
	{
		head -n "$(($1 - 1))" "$T/stopped"
		printf '%b\n' "$2"
		tail -n +"$(($1 + 1))" "$T/stopped"
	} >"$run/journal.jsonl"
	cp "$run/journal.jsonl" "$T/damaged"
}

# refused LABEL: status and resume exit 2, name the line, change nothing
refused() {
	"$CRBENCH" status "$run" >"$T/status.log" 2>&1
	check_eq "$1: status exits 2" $? 2
	check_grep "$1: status names the line" "journal\.jsonl:$2(:[0-9]+)?: " "$T/status.log"
	"$CRBENCH" resume -q "$run" >"$T/resume.log" 2>&1
	check_eq "$1: resume exits 2" $? 2
	check_grep "$1: resume names the line" "journal\.jsonl:$2(:[0-9]+)?: " "$T/resume.log"
	check "$1: resume does not advise resuming" \
		sh -c "! grep -q 'continue with' '$T/resume.log'"
	check "$1: journal.jsonl unchanged" cmp "$T/damaged" "$run/journal.jsonl"
	check "$1: samples.csv unchanged" cmp "$T/samples" "$run/samples.csv"
	check "$1: no repetition set aside" sh -c "! ls -d '$run'/raw/*/*.partial-* 2>/dev/null"
}

damage "$first_finished" '{"event":"fin\0ished","order":1,"status":"ok","seconds":1}'
refused "NUL byte" "$first_finished"
check_grep "NUL byte: the column too" "journal\.jsonl:$first_finished:14: NUL byte" \
	"$T/status.log"
damage 2 '{"event":'
refused "invalid JSON" 2
damage 2 '{"event":"finished","order":99}'
refused "no such plan entry" 2

# resume copies a recorded repetition's raw samples.csv as it is: each
# line must be a whole row of that repetition
cp "$T/stopped" "$run/journal.jsonl"
cp "$T/stopped" "$T/damaged"
raw1=$run/raw/local.runc.quick.default/1/samples.csv
cp "$raw1" "$T/raw1"
row='run,local,bare-metal,runc,quick,default'
bad_rows() {
	printf '%b' "$2" >>"$raw1"
	"$CRBENCH" resume -q "$run" >"$T/resume.log" 2>&1
	check_eq "$1: resume exits 2" $? 2
	check_grep "$1: resume names the file and line" \
		"raw/local\.runc\.quick\.default/1/samples\.csv:3: " "$T/resume.log"
	check "$1: journal.jsonl unchanged" cmp "$T/damaged" "$run/journal.jsonl"
	check "$1: samples.csv unchanged" cmp "$T/samples" "$run/samples.csv"
	cp "$T/raw1" "$raw1"
}
bad_rows "extra column" "$row,1,x,1,1,higher,ok,more\\n"
bad_rows "NUL in a field" "$row,1,x,1\\0,1,higher,ok\\n"
bad_rows "CR in a field" "$row,1,x,1\\r,1,higher,ok\\n"
bad_rows "newline in a field" "$row,1,\"x\\ny\",1,1,higher,ok\\n"
bad_rows "row of another repetition" "$row,2,x,1,1,higher,ok\\n"
bad_rows "no newline at the end" "$row,1,x,1,1,higher,ok"
check "raw rows: no repetition set aside" sh -c "! ls -d '$run'/raw/*/*.partial-* 2>/dev/null"

# a torn last line is what a crash leaves: cut, and the run completes
cp "$T/stopped" "$run/journal.jsonl"
printf '{"event":"fini' >>"$run/journal.jsonl"
"$CRBENCH" resume -q "$run" >"$T/log" 2>&1
check_eq "torn last line: resume completes the run" $? 0
check "torn last line: cut" sh -c "! grep -q '\"fini\$' '$run/journal.jsonl'"
check_eq "torn last line: samples.csv complete" "$(wc -l <"$run/samples.csv")" "$rows"

# set aside on request: the damaged "finished" is kept apart and its repetition runs again
rm -rf "$run"/raw/*/3
cp "$T/samples" "$run/samples.csv"
damage "$first_finished" '{"event":"fin\0ished","order":1,"status":"ok","seconds":1}'
"$CRBENCH" resume -q --set-aside-damaged "$run" >"$T/log" 2>&1
check_eq "set aside: resume completes the run" $? 0
check_grep "set aside: it says how many lines and where" \
	"set aside 1 damaged line of journal.jsonl in .*/journal\.damaged-1\.jsonl" "$T/log"
check_grep "set aside: the line is kept with its number" \
	"^\\{\"line\":$first_finished,\"damage\":\"NUL byte in a journal line\",\"text\":\"\\{\\\\\"event\\\\\":\\\\\"fin\\\\u0000ished" \
	"$run/journal.damaged-1.jsonl"
check "set aside: no NUL left in the journal" sh -c "! tr -d '\\n' <'$run/journal.jsonl' | grep -qaP '\\x00'"
check "set aside: status reads the journal" "$CRBENCH" status "$run"
check_eq "set aside: samples.csv complete" "$(wc -l <"$run/samples.csv")" "$rows"
check_eq "set aside: no row twice" \
	"$(tail -n +2 "$run/samples.csv" | cut -d, -f2-8 | sort | uniq -d)" ""
check "set aside: the repetition ran again" test -d "$run/raw/local.runc.quick.default/1.partial-1"
