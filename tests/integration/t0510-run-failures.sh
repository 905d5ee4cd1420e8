#!/bin/sh
# Failing cells are recorded, not lost: a runtime that refuses its options,
# and a step that outlives its timeout. Each is retried once, with every
# attempt kept; then the run goes on, lists the failures and exits 1.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root runc stress-ng

cat >"$T/fail.yaml" <<'YEOF'
name: failures
seed: 7
repetitions: 1
retries: 1
retry_backoff: 100ms
runtimes:
  - name: good
    driver: oci
    handler: runc
  - name: broken
    driver: oci
    handler: runc
    options: ["--no-such-flag"]
applications:
  - name: quick
    workload: stress-ng
    params: {duration: 1s}
  - name: slow
    workload: stress-ng
    timeouts: {run: 2s}   # a per-step override of the default 10 min
    params: {duration: 60s}
YEOF

"$CRBENCH" run "$T/fail.yaml" -o "$T/run" >"$T/log" 2>&1
status=$?
check_eq "run with failures exits 1" "$status" 1
# both attempts were stopped by their 2 s timeout, not by the workload's end
for attempt in 1.attempt-1 1; do
	check_grep "timeout stopped attempt $attempt of the 60 s workload" '"timed_out": true' \
		"$T/run/raw/local.good.slow.default/$attempt/run/timings.json"
done
csv=$T/run/samples.csv
row() { awk -F, -v rt="$1" -v app="$2" -v m="$3" '$4==rt && $5==app && $8==m' "$csv"; }
check_eq "good quick cell ok" "$(row good quick cpu_bogo_ops_per_s | cut -d, -f12)" ok
check_eq "broken runtime: performance row kept with status" \
	"$(row broken quick cpu_bogo_ops_per_s | cut -d, -f9,12)" ",exit-1"
check_eq "broken runtime: deploy row kept with status" \
	"$(row broken quick deploy_time | cut -d, -f9,12)" ",exit-1"
check_eq "timed-out cell recorded as timeout" \
	"$(row good slow cpu_bogo_ops_per_s | cut -d, -f9,12)" ",timeout"
check_eq "every cell has its rows" "$(tail -n +2 "$csv" | wc -l)" 8
check_grep "stderr of the failure kept in raw/" "no-such-flag" \
	"$T/run/raw/local.broken.quick.default/1/run/stderr"
check_grep "timings record the timeout" '"timed_out": true' \
	"$T/run/raw/local.good.slow.default/1/run/timings.json"
check_grep "failure shown when it happens" "broken quick rep 1: exit-1" "$T/log"
check_grep "final summary lists the failure" "^  local broken quick rep 1: exit-1 after 2 attempts" "$T/log"
check "first attempt kept beside the final one" test -s \
	"$T/run/raw/local.broken.quick.default/1.attempt-1/run/stderr"
check_eq "journal: one retry per failing cell" "$(grep -c '"event":"retry"' "$T/run/journal.jsonl")" 3
check_eq "journal: three cells failed for good" "$(grep -c '"event":"failed"' "$T/run/journal.jsonl")" 3
check_grep "journal keeps the stderr tail" '"detail":".*no-such-flag' "$T/run/journal.jsonl"
"$CRBENCH" status "$T/run" >"$T/status" 2>&1
check_grep "status counts the failures" "^total +1 +3 +0" "$T/status"
check_grep "status shows the last error" "local.broken.quick.default: exit-1: .*no-such-flag" "$T/status"
prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$T/run/run.json")
check "run.json names the container prefix" test -n "$prefix"
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
check_eq "no process of the run left" "$(pgrep -fc "$(scratch_dir "$T/run")" || true)" 0
