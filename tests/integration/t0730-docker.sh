#!/bin/bash
# The docker driver against a docker daemon of the test's own (its own
# containerd, data-root, exec-root, socket and cgroup parent): runc, crun
# and runsc through `docker run --runtime`, batch and server workloads,
# failures and timeouts, a killed run swept on resume, and a run over ssh.
# After each: no container, mount, cgroup or process left behind.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd docker containerd runc crun runsc stress-ng fio iperf3 redis postgres

for bin in /usr/sbin/dockerd /usr/bin/docker /usr/bin/containerd; do
	[ -x "$bin" ] || {
		not_ok "$bin installed (infra/deps.sh)"
		exit 1
	}
done

# ---- the daemons ----
D=$T/d # short: socket paths have a length limit
CG=crbench-t0730-$$
mkdir -p "$D/ctrd" "$D/docker" "$D/bin"
cat >"$D/ctrd/config.toml" <<EOF
version = 2
root = "$D/ctrd/root"
state = "$D/ctrd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$D/ctrd/containerd.sock"
[ttrpc]
  address = "$D/ctrd/containerd.sock.ttrpc"
EOF
# crun refuses hybrid cgroup hosts; see README (the docker driver)
cat >"$D/bin/crun" <<'EOF'
#!/bin/sh
exec unshare -m --propagation private sh -c \
	'umount /sys/fs/cgroup/unified 2>/dev/null; exec /usr/bin/crun "$@"' sh "$@"
EOF
chmod +x "$D/bin/crun"
cat >"$D/docker/daemon.json" <<EOF
{"data-root": "$D/docker/data", "exec-root": "$D/docker/exec",
 "pidfile": "$D/docker/dockerd.pid", "hosts": ["unix://$D/docker.sock"],
 "containerd": "$D/ctrd/containerd.sock", "cgroup-parent": "/$CG",
 "bridge": "none", "iptables": false, "ip6tables": false,
 "runtimes": {"runsc": {"path": "$TOP/infra/runsc-netstack"},
              "runsc-hostinet": {"path": "/usr/bin/runsc", "runtimeArgs": ["--network=host"]},
              "crun": {"path": "$D/bin/crun"}}}
EOF
SOCK=unix://$D/docker.sock
docker() { /usr/bin/docker -H "$SOCK" "$@"; }

# stop_pid PID: SIGTERM, then wait up to 20 s (it is our child)
stop_pid() {
	kill "$1" 2>/dev/null || return 0
	for _ in $(seq 100); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.2
	done
	kill -9 "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
# mounts under $D, deepest first
mounts_under() { awk -v d="$D/" 'index($5, d) == 1 {print $5}' /proc/self/mountinfo | sort -r; }
stop_daemons() {
	[ -n "${dockerd_pid:-}" ] && stop_pid "$dockerd_pid"
	[ -n "${containerd_pid:-}" ] && stop_pid "$containerd_pid"
	for m in $(mounts_under); do umount -l "$m"; done
	for d in /sys/fs/cgroup/*/"$CG"; do [ -d "$d" ] && rmdir "$d"; done
}
on_exit stop_daemons

setsid containerd -c "$D/ctrd/config.toml" >"$D/containerd.log" 2>&1 </dev/null &
containerd_pid=$!
for _ in $(seq 100); do
	[ -S "$D/ctrd/containerd.sock" ] && break
	sleep 0.1
done
setsid /usr/sbin/dockerd --config-file "$D/docker/daemon.json" >"$D/dockerd.log" 2>&1 </dev/null &
dockerd_pid=$!
for _ in $(seq 150); do
	docker version >/dev/null 2>&1 && break
	sleep 0.2
done
if ! docker version >/dev/null 2>&1; then
	not_ok "own dockerd answers"
	tail -n 20 "$D/dockerd.log" "$D/containerd.log" | sed 's/^/#   /'
	exit 1
fi
ok "own containerd and dockerd started"

# ---- what must be left after every run ----
# our daemon's containers, container mounts (overlay roots, namespaces),
# container cgroups, and processes run by its shims or gVisor
leftovers() {
	echo "containers: $(docker ps --all --quiet | tr '\n' ' ')"
	echo "mounts: $(mounts_under | grep -E '/overlay2/.+/merged$|/exec/netns/' | tr '\n' ' ')"
	echo "cgroups: $(find /sys/fs/cgroup/*/"$CG" -mindepth 1 -type d 2>/dev/null | tr '\n' ' ')"
	echo "processes: $(pgrep -f -- "$D/(docker|ctrd)/" |
		grep -vxe "$containerd_pid" -e "$dockerd_pid" | tr '\n' ' ')"
}
# nothing_left NAME: waits up to 5 s for exiting shims
nothing_left() {
	want="containers: 
mounts: 
cgroups: 
processes: "
	for _ in $(seq 300); do
		[ "$(leftovers)" = "$want" ] && break
		sleep 0.2
	done
	check_eq "$1: nothing left behind" "$(leftovers)" "$want"
	pids=$(leftovers | sed -n 's/^processes: //p')
	[ -z "$pids" ] || ps -o pid,ppid,args -p "${pids% }" | cut -c1-200 | sed 's/^/#   /'
}

csv_value() { _run=$1; shift; sample_value "$_run/samples.csv" "$@"; }
csv_status() { awk -F, -v rt="$2" -v app="$3" -v m="$4" \
	'$4==rt && $5==app && $8==m {print $12}' "$1/samples.csv"; }

# experiment NAME RUNTIME...: an experiment's head, one runtime of our daemon per handler
experiment() {
	printf 'name: %s\nrepetitions: 1\nretries: 0\ntimeout: 90s\n' "$1"
	printf 'limits: {cpus: 1, memory: 1GiB}\nruntimes:\n'
	shift
	for h in "$@"; do
		printf '  - {name: %s, driver: docker, handler: %s, options: ["--host=%s"]}\n' \
			"$h" "$h" "$SOCK"
	done
}

# ---- batch and server workloads under three runtimes ----
{
	experiment docker runc crun runsc
	cat <<EOF
metrics: [deploy_time, performance, idle_memory]
idle: 1s
applications:
  - {name: stress, workload: stress-ng, params: {stressor: cpu, duration: 1s}}
  - {name: fio, workload: fio, params: {size: 8MiB, runtime: 1s}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
  - {name: echo, workload: command, params: {command: "echo 42", unit: answers}}
  - {name: web, workload: http, params: {clients: 2, requests: 20, operations: "GET /"}}
EOF
} >"$T/docker.yaml"
run=$T/run
run_ok "runc, crun, runsc x stress-ng, fio, redis, command, http" "$T/docker.yaml" "$run"
check_eq "no failed row" "$(tail -n +2 "$run/samples.csv" | grep -vc ',ok$')" 0
for rt in runc crun runsc; do
	for app in stress fio redis echo web; do
		check "$rt $app: deploy time" positive "$(csv_value "$run" $rt $app deploy_time)"
	done
	check_eq "$rt command: the value" "$(csv_value "$run" $rt echo value)" 42
	check "$rt http: requests/s" positive "$(csv_value "$run" $rt web requests_per_s)"
	check "$rt stress-ng: bogo ops/s" positive "$(csv_value "$run" $rt stress cpu_bogo_ops_per_s)"
	check "$rt fio: read IOPS" positive "$(csv_value "$run" $rt fio read_iops)"
	check "$rt redis: requests/s" positive "$(csv_value "$run" $rt redis requests_per_s)"
	for app in stress redis; do
		check "$rt $app: idle memory" positive "$(csv_value "$run" $rt $app idle_memory)"
		check_grep "$rt $app: the shim is counted beside the cgroup" \
			"^process [0-9]* out [0-9]* .*containerd-shim" \
			"$run/raw/local.$rt.$app.default/1/idle-memory/stdout"
	done
	check_grep "$rt: docker and runtime versions in host facts" \
		"\"$rt\": \"docker [0-9.]+.*\\(client [0-9.]+.*\\); .*$rt version" "$run/hosts/local.json"
done
rep=$run/raw/local.runsc.stress.default/1
for f in run/command output/deploy-t0 output/deploy-ready output/stress-ng.yaml; do
	check "runsc stress: raw $f" test -s "$rep/$f"
done
check_grep "the command: docker run with the daemon's runtime, limits, no network" \
	"'DOCKER_HOST=$SOCK' .*'/usr/bin/docker' 'run' .*'--runtime=runsc' '--network=none'.*'--cpus=1' '--memory=1073741824'" \
	"$rep/run/command"
check "fio: its report kept" test -s "$run/raw/local.crun.fio.default/1/output/fio.json"
rep=$run/raw/local.runsc.redis.default/1
check_grep "redis: the client in the run's network namespace" "'--net=/run/netns/crb-" \
	"$rep/client/command"
check_grep "redis: the server's log kept (docker logs)" "Ready to accept connections" \
	"$rep/output/server.stdout"
check_eq "the skeleton image was imported once" \
	"$(docker images --quiet --filter label=crbench=skeleton | wc -l)" 1
netns=$(sed -n "s|.*'--net=/run/netns/\(crb-[0-9a-f]*-local\)\.clients'.*|\1|p" "$rep/client/command")
check "the client ran in the clients' namespace" test -n "$netns"
check "the run's network namespaces are gone" \
	test ! -e "/run/netns/$netns" -a ! -e "/run/netns/$netns.clients"
check "the scratch directory is gone" test ! -e "$(scratch_dir "$run")"
check "runsc's idle memory is above runc's (gVisor's sandbox and gofer)" awk \
	-v a="$(csv_value "$run" runsc redis idle_memory)" \
	-v b="$(csv_value "$run" runc redis idle_memory)" 'BEGIN { exit !(a > b) }'
nothing_left "three runtimes"

# ---- iperf3 and pgbench ----
# runsc is infra/runsc-netstack (gVisor's netstack); runsc-hostinet serves
# redis through the holder's kernel stack (it breaks iperf3: docs/workloads.md)
{
	experiment docker-servers runc crun runsc runsc-hostinet
	cat <<EOF
applications:
  - {name: iperf3, workload: iperf3, params: {duration: 1s}}
  - {name: pgbench, workload: pgbench, params: {scale: 1, duration: 2s}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
exclude:
  - {runtime: runsc-hostinet, application: [iperf3, pgbench]}
  - {runtime: [runc, crun], application: redis}
EOF
} >"$T/servers.yaml"
"$CRBENCH" run -q "$T/servers.yaml" -o "$T/servers" >"$T/servers.log" 2>&1
status=$?
check_eq "runc, crun, runsc x iperf3, pgbench; runsc-hostinet x redis: exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/servers.log" | tail -n 20
for rt in runc crun runsc; do
	check "$rt iperf3: bits/s" positive "$(csv_value "$T/servers" $rt iperf3 received_bits_per_s)"
	check "$rt pgbench: tps" positive "$(csv_value "$T/servers" $rt pgbench tps)"
	check "$rt pgbench: deploy time" positive "$(csv_value "$T/servers" $rt pgbench deploy_time)"
done
check_grep "runsc iperf3: the client came over the veth pair into gVisor's netstack" \
	"local 198.19.255.1 port 5201 connected to 198.19.255.2" \
	"$T/servers/raw/local.runsc.iperf3.default/1/output/iperf3-server.log"
check "runsc-hostinet redis: requests/s" \
	positive "$(csv_value "$T/servers" runsc-hostinet redis requests_per_s)"
check_grep "a server joins its network holder's namespace" \
	"'--network=container:[^']*-net'" "$T/servers/raw/local.runsc.iperf3.default/1/deploy/command"
nothing_left "iperf3 and pgbench"

# ---- failures and timeouts ----
{
	experiment docker-failures runc runsc nosuch
	# gVisor cannot start it: its cgroups linger after `docker rm`
	printf '  - {name: noexec, driver: docker, handler: runsc, options: ["--host=%s", %s]}\n' \
		"$SOCK" '"--entrypoint=/nonexistent"'
	cat <<EOF
applications:
  - {name: slow, workload: stress-ng, timeouts: {run: 3s}, params: {duration: 60s}}
  - name: broken-server
    workload: pgbench
    timeouts: {deploy: 5s}
    params: {bindir: /nonexistent, scale: 1, duration: 1s}
EOF
} >"$T/fail.yaml"
"$CRBENCH" run -q "$T/fail.yaml" -o "$T/fail" >"$T/fail.log" 2>&1
check_eq "failures: exit 1" $? 1
for rt in runc runsc; do
	check_eq "$rt: the 60 s workload stopped by its 3 s timeout" \
		"$(csv_status "$T/fail" $rt slow cpu_bogo_ops_per_s)" timeout
done
check_eq "a runtime the daemon lacks: docker's exit status" \
	"$(csv_status "$T/fail" nosuch slow deploy_time)" exit-125
check_grep "... and its message" "Unknown runtime specified nosuch" \
	"$T/fail/raw/local.nosuch.slow.default/1/run/stderr"
check_eq "runsc cannot start the container: docker's exit status" \
	"$(csv_status "$T/fail" noexec slow deploy_time)" exit-127
check_eq "... nor a server container: deploy error" \
	"$(csv_status "$T/fail" noexec broken-server deploy_time)" deploy-error
check_eq "a server that ends at once: deploy error" \
	"$(csv_status "$T/fail" runc broken-server deploy_time)" deploy-error
check_grep "... with the container's output" "initdb: not found" \
	"$T/fail/raw/local.runc.broken-server.default/1/deploy/stderr"
# gVisor's sandbox outlives the server a moment: either outcome is a failure
check_grep "runsc: a server that ends at once fails" "^(deploy-error|timeout)$" \
	<(csv_status "$T/fail" runsc broken-server deploy_time)
nothing_left "failures and timeouts"

# ---- a run killed with a server up: resume sweeps it away ----
{
	experiment docker-kill runc
	cat <<EOF
applications:
  - {name: redis, workload: redis, timeouts: {client: 2s}, params: {requests: 100000000}}
EOF
} >"$T/kill.yaml"
run=$T/kill
"$CRBENCH" run -q "$T/kill.yaml" -o "$run" >"$T/kill.log" 2>&1 &
pid=$!
ready=$(scratch_dir "$run")/raw/local.runc.redis.default/1/deploy-ready
for _ in $(seq 300); do
	[ -e "$ready" ] && break
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null
netns=/run/netns/crb-$(scratch_dir "$run" | sed 's/.*-//')-local
stacked() { awk -v p="$netns" '$5 == p' /proc/self/mountinfo | wc -l; }
check_eq "killed run: its server container and network holder are left" \
	"$(docker ps --quiet --filter "label=crbench.scratch=$(scratch_dir "$run")" | wc -l)" 2
check_eq "killed run: the holder's namespace is mounted over the run's" "$(stacked)" 2
"$CRBENCH" resume -q "$run" >>"$T/kill.log" 2>&1
check_eq "resume: the redis client timed out again (exit 1)" $? 1
check "resume: the run's namespaces are gone (sweep unmounted the server's)" \
	test ! -e "$netns" -a ! -e "$netns.clients"
check_eq "resume: no namespace mount left" "$(stacked)" 0
nothing_left "killed and resumed"

# ---- over ssh ----
testbed_up 1
mkdir -p "$T/home/.ssh"
cp "$TB/ssh_config" "$T/home/.ssh/config"
{
	experiment docker-ssh runc
	cat <<EOF
hosts:
  - {name: h1, transport: ssh}
applications:
  - {name: stress, workload: stress-ng, params: {stressor: cpu, duration: 1s}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
EOF
} >"$T/ssh.yaml"
run=$T/ssh-run-$$
HOME=$T/home "$CRBENCH" run -q "$T/ssh.yaml" -o "$run" >"$T/ssh.log" 2>&1
status=$?
check_eq "over ssh: exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/ssh.log" | tail -n 20
check_eq "over ssh: 2 + 6 rows, all ok" "$(tail -n +2 "$run/samples.csv" | grep -c ',ok$')" 8
check_eq "over ssh: nothing left running on the host" "$(testbed_leftovers h1)" ""
nothing_left "over ssh"
