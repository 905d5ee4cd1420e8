#!/bin/bash
# A "started" journal line is not fsync'd on its own: it records nothing
# done, and the files of its attempt and the next journal line make it
# durable. A crash of the machine may still lose it with what followed,
# leaving the attempt's raw directory without a journal line: resume sets
# that directory aside, as it does for an attempt in flight, and runs the
# repetition again.
. "$(dirname "$0")/../lib.sh"

cat >"$T/exp.yaml" <<'YEOF'
name: lost-started
order: sequential
repetitions: 2
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: quick, workload: command, params: {command: "echo 1"}}
YEOF

run_ok "the run completes" "$T/exp.yaml" "$T/run"
raw=$T/run/raw/local.runc.quick.default
rows=$(wc -l <"$T/run/samples.csv")

# the journal as such a crash leaves it: the last repetition's lines lost
grep -v -e '"order":2,' -e '"event":"run-finished"' "$T/run/journal.jsonl" >"$T/journal"
cp "$T/journal" "$T/run/journal.jsonl"
check "its raw directory is there" test -d "$raw/2"

"$CRBENCH" resume -q "$T/run" >"$T/log2" 2>&1
check_eq "resume completes the run" $? 0
check "the unknown raw directory was set aside" test -d "$raw/2.partial-1"
check "the repetition ran again" test -s "$raw/2/run/stdout"
check "a recorded one was left alone" test ! -e "$raw/1.partial-1"
check_eq "the repetition recorded once" \
	"$(grep -c '"event":"finished","order":2,' "$T/run/journal.jsonl")" 1
check_eq "samples.csv as complete as before" "$(wc -l <"$T/run/samples.csv")" "$rows"
