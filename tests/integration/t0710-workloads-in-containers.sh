#!/bin/bash
# Every workload through `crbench run`, in real containers, under runc and
# crun, and the server workloads under gVisor: batch tools (fio, stress-ng with two stressors, command) and server
# workloads (redis, iperf3, pgbench: the server in the container, probe and
# client outside it in the run's network namespace). Small sizes.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns runc crun runsc stress-ng fio iperf3 redis postgres

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
# shellcheck disable=SC2016 # expanded by the inner shell
check "iperf3: the probe is not taken for a client (no short read, no error in the server's log)" \
	sh -c '! grep -q WARNING "$1/server.stdout" && ! grep -q error "$1/server.stderr"' sh "$ip3"
check_grep "pgbench: setup step recorded (pgbench -i)" "'pgbench' .*'-i'" "$run/raw/local.crun.pgbench.default/1/setup/command"

prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
check_eq "no container cgroup left" "$(find /sys/fs/cgroup/*/crbench -maxdepth 1 \
	-name "$prefix-*" 2>/dev/null | wc -l)" 0
netns=$(sed -n "s|.*'--net=/run/netns/\(crb-[0-9a-f]*-local\)\.clients'.*|\1|p" "$rep/client/command")
check "the client ran in the clients' namespace" test -n "$netns"
check "the run's network namespaces are gone" \
	test ! -e "/run/netns/$netns" -a ! -e "/run/netns/$netns.clients"
check_eq "no server process left" "$(pgrep -c -f 'redis-server --port 6399|iperf3 -s --forceflush|postgres -D /tmp/crbench-pg' || true)" 0

# gVisor: its sandbox must outlive the start command (a session of its own),
# and it serves with its own netstack in the server's namespace, the
# clients reaching it over the veth pair; iperf3 in both directions. With
# --network=host (gVisor's hostinet) a server uses that namespace's
# kernel stack instead.
cat >"$T/gvisor.yaml" <<'YEOF'
name: gvisor-server
repetitions: 1
retries: 0
timeout: 60s
runtimes:
  - {name: runsc, driver: oci, handler: runsc, options: ["--network=none"]}
  - {name: runsc-hostinet, driver: oci, handler: runsc, options: ["--network=host"]}
applications:
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
  - {name: iperf3, workload: iperf3, params: {duration: 1s}}
  - {name: iperf3-rev, workload: iperf3, params: {duration: 1s, reverse: true}}
# hostinet breaks iperf3 with Debian's runsc (docs/workloads.md)
exclude:
  - {runtime: runsc-hostinet, application: [iperf3, iperf3-rev]}
YEOF
"$CRBENCH" run -q "$T/gvisor.yaml" -o "$T/gv" >"$T/gv.log" 2>&1
status=$?
csv=$T/gv/samples.csv
check_eq "runsc: every server measured (exit 0)" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/gv.log" | tail -n 20
check "runsc redis: requests/s" positive "$(value runsc redis requests_per_s)"
gv=$T/gv/raw/local.runsc.redis.default/1/deploy/command
check_grep "runsc serves with its netstack (the last --network flag)" \
	"'--network=none' '--network=sandbox' 'run' '--detach'" "$gv"
check_grep "runsc runs in the server's namespace with /proc/sys/net/core hidden" \
	"'nsenter' '--net=/run/netns/crb-[0-9a-f]*-local' '--' 'unshare' .*mount -t tmpfs crbench-hide /proc/sys/net/core" "$gv"
for app in iperf3 iperf3-rev; do
	check "runsc $app: deploy time measured" positive "$(value runsc $app deploy_time)"
	check "runsc $app: measured through netstack, bits/s" \
		positive "$(value runsc $app received_bits_per_s)"
	check_grep "runsc $app: the client came over the veth pair" \
		"local 198.19.255.1 port 5201 connected to 198.19.255.2" \
		"$T/gv/raw/local.runsc.$app.default/1/output/iperf3-server.log"
done
check "runsc with --network=host (hostinet): redis requests/s" \
	positive "$(value runsc-hostinet redis requests_per_s)"
# shellcheck disable=SC2016 # expanded by the inner shell
check "runsc with --network=host keeps it, without the netstack wrapper" sh -c \
	'grep -q "'"'--network=host' 'run'"'" "$1" && ! grep -q "network=sandbox\|crbench-hide" "$1"' \
	sh "$T/gv/raw/local.runsc-hostinet.redis.default/1/deploy/command"
check_eq "runsc: no sandbox left" "$(pgrep -fc "$(scratch_dir "$T/gv")" || true)" 0
check_eq "runsc: no network namespace of the run left" \
	"$(ip netns list | grep -c "$(sed -n 's|.*/run/netns/\(crb-[0-9a-f]*-local\).*|\1|p' "$gv" | head -n 1)" || true)" 0
