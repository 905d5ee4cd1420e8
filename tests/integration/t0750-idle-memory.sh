#!/bin/bash
# Idle memory under runc, crun and runsc for real: a batch workload
# (stress-ng: its container again with `sleep infinity`) and a server
# workload (redis: measured after readiness, before the client), idle 2 s.
# Each value must add up from its raw output, gVisor's sandbox must show,
# analysis and report must carry the metric, nothing may be left behind;
# then the same over ssh on a testbed host.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd runc crun runsc stress-ng redis poppler

cat >"$T/exp.yaml" <<'YEOF'
name: idle
repetitions: 1
retries: 0
timeout: 60s
idle: 2s
limits: {cpus: 1, memory: 1GiB}
runtimes:
  - {name: runc, driver: oci, handler: runc}
  - {name: crun, driver: oci, handler: crun}
  - {name: runsc, driver: oci, handler: runsc, options: ["--network=none"]}
applications:
  - {name: stress, workload: stress-ng, params: {stressor: cpu, duration: 1s}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
metrics: [deploy_time, performance, idle_memory]
YEOF
run=$T/run
run_ok "runc, crun, runsc x stress-ng, redis with idle memory" "$T/exp.yaml" "$run"
csv=$run/samples.csv
value() { awk -F, -v rt="$1" -v app="$2" '$4==rt && $5==app && $8=="idle_memory" && $12=="ok" {print $9}' "$csv"; }
# the sum the parser must have made: the cgroup's charge, plus the PSS of each outside process once
raw_sum() {
	awk '$1 == "cgroup_usage_bytes" { u = $2 }
	     $1 == "process" && $3 == "out" && !seen[$2]++ { k += $4 }
	     $1 == "end" { done = 1 }
	     END { if (done && u > 0) printf "%.10f\n", (u + k * 1024) / 1048576 }' "$1"
}
same() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && b != "" && a - b < 1e-9 && b - a < 1e-9) }'; }
more_than() { awk -v a="$1" -v b="$2" -v d="$3" 'BEGIN { exit !(a != "" && b != "" && a > b + d) }'; }
for rt in runc crun runsc; do
	for app in stress redis; do
		step=$run/raw/local.$rt.$app.default/1/idle-memory
		check_eq "$rt $app: exit status of the idle-memory step" "$(cat "$step/exit_status" 2>&1)" 0
		check "$rt $app: idle_memory (MiB) is the sum of its raw output" \
			same "$(value $rt $app)" "$(raw_sum "$step/stdout")"
		check_grep "$rt $app: the step idled 2 s first" "^('sh' '-c' ')?sleep 2$" "$step/command"
	done
	first='sleep'
	[ $rt = runsc ] && first=runsc-sandbox
	check_grep "$rt stress: measured the idle container, its first process $first" \
		"^process [0-9]+ in [0-9]+ $first\$" "$run/raw/local.$rt.stress.default/1/idle-memory/stdout"
	check_grep "$rt stress: in a cgroup of its own" '^cgroup v[12] /crbench/.*-idle$' \
		"$run/raw/local.$rt.stress.default/1/idle-memory/stdout"
	check "$rt redis: the client ran after the measurement" \
		test -s "$run/raw/local.$rt.redis.default/1/client/stdout"
done
for app in stress redis; do
	check "runsc $app: over 4 MiB above runc (gVisor's sandbox and gofer)" \
		more_than "$(value runsc $app)" "$(value runc $app)" 4
done
check_grep "redis: measured the server's own container" '^process [0-9]+ in [0-9]+ redis-server' \
	"$run/raw/local.runc.redis.default/1/idle-memory/stdout"
for p in runsc-gofer runsc-sandbox; do
	check_grep "runsc: $p is in the measured cgroup" "^member [0-9]+ $p" \
		"$run/raw/local.runsc.stress.default/1/idle-memory/stdout"
done
check_grep "a v1 host: its kernel memory kept for the record" '^kmem_usage_bytes [0-9]+$' \
	"$run/raw/local.runc.stress.default/1/idle-memory/stdout"

prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check "the run has a container prefix" test -n "$prefix"
check_eq "no container cgroup left (idle ones included)" "$(find /sys/fs/cgroup/*/crbench \
	-maxdepth 1 -name "$prefix-*" 2>/dev/null | wc -l)" 0
check_eq "no process left in such a cgroup" "$(grep -l "/crbench/$prefix-" /proc/[0-9]*/cgroup \
	2>/dev/null | wc -l)" 0
check_eq "no gVisor sandbox or gofer left" "$(pgrep -fc "$(scratch_dir "$run")" || true)" 0

"$CRBENCH" analyze "$run" >"$T/analyze.log" 2>&1
check_eq "analyze: exit 0" $? 0
ratio() { awk -F, -v app="$1" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	$c["kind"] == "runtime" && $c["application"] == app && $c["metric"] == "idle_memory" &&
	$c["runtime"] == "runsc" { print $c["ratio"] }' "$run/analysis/comparisons.csv"; }
for app in stress redis; do
	check "analysis: runsc / runc idle memory of $app above 1" more_than "$(ratio $app)" 1 0
done
"$CRBENCH" report "$run" >"$T/report.log" 2>&1
check_eq "report: exit 0" $? 0
pdftotext "$run/report/figures/idle_memory.pdf" "$T/figure.txt" 2>&1
check_grep "report: an idle_memory figure in MiB" '^idle_memory \(MiB\)$' "$T/figure.txt"

# over ssh: the same step through the ssh transport
testbed_up 1
cat >"$T/ssh.yaml" <<YEOF
name: idle-ssh
repetitions: 1
retries: 0
timeout: 60s
idle: 1s
inventory: $TB/inventory.yaml
runtimes: [{name: runc, driver: oci, handler: runc}]
applications: [{name: stress, workload: stress-ng, params: {stressor: cpu, duration: 1s}}]
metrics: [idle_memory]
YEOF
run_ok "over ssh" "$T/ssh.yaml" "$T/ssh-run-$$"
csv=$T/ssh-run-$$/samples.csv
check "over ssh: idle memory measured" more_than "$(awk -F, '$8 == "idle_memory" && $12 == "ok" \
	{ print $9 }' "$csv")" 0 0
check_eq "over ssh: nothing left running on the host" "$(testbed_leftovers h1)" ""
