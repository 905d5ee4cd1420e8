#!/bin/bash
# A full disk stops the run with an error naming the path; the state stays
# resumable, and once there is room `crbench resume` completes the run.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root runc

mkdir -p "$T/small"
mount -t tmpfs -o size=160k tmpfs "$T/small" || { not_ok "cannot mount a tmpfs"; exit 1; }
on_exit "umount -l '$T/small'"

cat >"$T/exp.yaml" <<'YEOF'
name: diskfull
repetitions: 12
retries: 0
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - {name: quick, workload: command, params: {command: "seq 1 400"}}
YEOF

"$CRBENCH" run -q "$T/exp.yaml" -o "$T/small/run" >"$T/log" 2>&1
check_eq "a full disk stops the run with exit 1" $? 1
check_grep "the error names the path and the cause" "$T/small/run/.*No space left on device" "$T/log"
check_grep "it says how to continue" "continue with: crbench resume $T/small/run" "$T/log"
done_before=$(grep -c '"event":"finished"' "$T/small/run/journal.jsonl")
check "some repetitions were recorded before the disk filled" test "$done_before" -gt 0
check "the journal is readable" "$CRBENCH" status "$T/small/run"

mount -o remount,size=20m "$T/small"
"$CRBENCH" resume -q "$T/small/run" >"$T/log2" 2>&1
check_eq "resume after making room completes" $? 0
check_eq "every repetition recorded once" \
	"$(grep -c '"event":"finished"' "$T/small/run/journal.jsonl")" 12
check_eq "samples.csv complete: 12 reps x 2 metrics" \
	"$(tail -n +2 "$T/small/run/samples.csv" | grep -c ',ok$')" 24
