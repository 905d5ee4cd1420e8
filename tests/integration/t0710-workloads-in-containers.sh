#!/bin/bash
# Every workload through `crbench run`, in real containers, under runc and
# crun, and the server workloads under gVisor: batch tools (fio, stress-ng with two stressors, command) and server
# workloads (redis, iperf3, pgbench: the server in the container, probe and
# client outside it in the run's network namespace). Small sizes.
. "$(dirname "$0")/../lib.sh"

cat >"$T/exp.yaml" <<'YEOF'
name: workloads
repetitions: 1
retries: 0
timeout: 90s
limits: {cpus: 1, memory: 1GiB}
runtimes:
  - {name: runc, driver: oci, handler: runc}
  - {name: crun, driver: oci, handler: crun}
applications:
  - {name: fio, workload: fio, params: {size: 8MiB, runtime: 1s}}
  - {name: stress, workload: stress-ng, params: {stressor: "cpu,vm", duration: 1s, vm_bytes: 16MiB}}
  - {name: echo, workload: command, params: {command: "echo 42", unit: answers}}
  - {name: redis, workload: redis, params: {requests: 10000}}
  - {name: iperf3, workload: iperf3, params: {duration: 1s}}
  - {name: pgbench, workload: pgbench, params: {scale: 1, duration: 2s}}
YEOF
run=$T/run
run_ok "every workload under every runtime" "$T/exp.yaml" "$run"
csv=$run/samples.csv
value() { sample_value "$csv" "$@"; }
for rt in runc crun; do
	for app in fio stress echo redis iperf3 pgbench; do
		check "$rt $app: deploy time measured" positive "$(value $rt $app deploy_time)"
	done
	check "$rt fio: read IOPS" positive "$(value $rt fio read_iops)"
	check "$rt stress-ng: cpu and vm bogo ops/s" positive \
		"$(value $rt stress cpu_bogo_ops_per_s)$(value $rt stress vm_bogo_ops_per_s | cut -c1)"
	check_eq "$rt command: the value" "$(value $rt echo value)" 42
	check "$rt redis: requests/s" positive "$(value $rt redis requests_per_s)"
	check "$rt iperf3: bits/s" positive "$(value $rt iperf3 received_bits_per_s)"
	check "$rt pgbench: tps" positive "$(value $rt pgbench tps)"
done
check_eq "no failed row" "$(tail -n +2 "$csv" | grep -vc ',ok$')" 0
rep=$run/raw/local.runc.redis.default/1
for step in deploy client; do
	check "redis: $step step recorded" test -s "$rep/$step/command"
done
check_grep "redis: the client ran in the run's network namespace" "'nsenter' '--net=/run/netns/crb-" \
	"$rep/client/command"
check "redis: the server's own output kept" test -s "$rep/output/server.stdout"
# (the deploy command quotes the probe loop twice: once in the script)
check_grep "redis: its probe is a function of one polling bash in the namespace" \
	'until ready "\$@"' "$rep/deploy/command"
check_grep "pgbench: its startup-packet probe is a function of the same polling bash" \
	'until ready "\$@"' "$run/raw/local.crun.pgbench.default/1/deploy/command"
ip3=$run/raw/local.runc.iperf3.default/1/output
check "iperf3: retransmits read" awk -v v="$(value runc iperf3 retransmits)" 'BEGIN { exit !(v != "" && v >= 0) }'
check "iperf3: the probe is not taken for a client (no short read, no error in the server's log)" \
	sh -c '! grep -q WARNING "$1/server.stdout" && ! grep -q error "$1/server.stderr"' sh "$ip3"
check_grep "pgbench: setup step recorded (pgbench -i)" "'pgbench' .*'-i'" "$run/raw/local.crun.pgbench.default/1/setup/command"

prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
netns=$(sed -n "s|.*'--net=/run/netns/\(crb-[0-9a-f]*\)'.*|\1|p" "$rep/client/command")
check "the run's network namespace is gone" test ! -e "/run/netns/$netns"
check_eq "no server process left" "$(pgrep -c -f 'redis-server --port 6399|iperf3 -s -B 127.0.0.1|postgres -D /tmp/crbench-pg' || true)" 0

# gVisor: its sandbox must outlive the start command (a session of its own),
# and it serves on the run's namespace through --network=host. iperf3, both
# directions: the probe sees its server listening there, but Debian's runsc
# returns EAGAIN from a blocking read(2) on such sockets, which cuts iperf3's
# control messages short (docs/workloads.md): each test is measured, or
# fails with the server's own error in the reason.
cat >"$T/gvisor.yaml" <<'YEOF'
name: gvisor-server
repetitions: 1
retries: 0
timeout: 60s
runtimes:
  - {name: runsc, driver: oci, handler: runsc, options: ["--network=none"]}
applications:
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
  - {name: iperf3, workload: iperf3, params: {duration: 1s}}
  - {name: iperf3-rev, workload: iperf3, params: {duration: 1s, reverse: true}}
YEOF
"$CRBENCH" run -q "$T/gvisor.yaml" -o "$T/gv" >"$T/gv.log" 2>&1
status=$?
csv=$T/gv/samples.csv
check "runsc redis: requests/s" positive "$(value runsc redis requests_per_s)"
check_grep "runsc got the run's network" "'--network=none' '--network=host' 'run' '--detach'" \
	"$T/gv/raw/local.runsc.redis.default/1/deploy/command"
for app in iperf3 iperf3-rev; do
	check "runsc $app: deploy time measured" positive "$(value runsc $app deploy_time)"
	if [ -n "$(value runsc $app received_bits_per_s)" ]; then
		check "runsc $app: measured, bits/s" positive "$(value runsc $app received_bits_per_s)"
	else
		check_grep "runsc $app: failed, with the server's own error in the reason" \
			"runsc $app rep 1: parse-error: iperf3: .*; the server said: iperf3: error - " "$T/gv.log"
	fi
done
failed=$(tail -n +2 "$csv" | grep -vc ',ok$')
check_eq "runsc: the exit status says whether a row failed" "$status" \
	"$([ "$failed" -eq 0 ] && echo 0 || echo 1)"
check_eq "runsc: no sandbox left" "$(pgrep -fc "$(scratch_dir "$T/gv")" || true)" 0
