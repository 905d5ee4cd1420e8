#!/bin/bash
# The containerd driver for real: the test's own containerd (own socket,
# root and state), `crbench run` with the runc.v2 shim running runc, crun
# and runsc, batch and server workloads at small sizes; then failures (an
# exit status, a timeout, runsc stuck in "created") and a run killed with
# a container up, swept on resume. Each time nothing may stay behind: no
# container, task or namespace in containerd, no shim, mount or cgroup.
# Also over ssh, on a testbed host.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd containerd runc crun runsc stress-ng fio iperf3 redis postgres
# shellcheck source=../containerd.sh
. "$(dirname "$0")/../containerd.sh"

start_containerd "$T/ctrd" sh -c
check "the test's containerd answers" ctr version

# ---- every workload that works here, under runc, crun and runsc ----
cat >"$T/exp.yaml" <<EOF
name: containerd
repetitions: 1
retries: 0
timeout: 90s
limits: {cpus: 1, memory: 1GiB}
metrics: [deploy_time, performance, idle_memory]
idle: 1s
runtimes:
  - {name: ctr-runc, driver: containerd, options: ["--address=$SOCK"]}
  - {name: ctr-crun, driver: containerd, options: ["--address=$SOCK", "--runc-binary=crun"]}
  - name: ctr-runsc
    driver: containerd
    handler: io.containerd.runc.v2
    options: ["--address=$SOCK", "--namespace=crbench-gvisor", "--runc-binary=runsc",
              "--runc-arg=--network=none"]
applications:
  - {name: fio, workload: fio, params: {size: 8MiB, runtime: 1s}}
  - {name: stress, workload: stress-ng, params: {stressor: cpu, duration: 1s}}
  - {name: echo, workload: command, params: {command: "echo 42", unit: answers}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
  - {name: pgbench, workload: pgbench, params: {scale: 1, duration: 2s}}
  - {name: iperf3, workload: iperf3, params: {duration: 1s}}
  - {name: web, workload: http, params: {clients: 2, requests: 20, operations: "GET /"}}
EOF
run=$T/run
"$CRBENCH" run -q "$T/exp.yaml" -o "$run" --only runtime=ctr-runc,ctr-crun >"$T/log" 2>&1
status=$?
"$CRBENCH" run -q "$T/exp.yaml" -o "$T/gv" --only runtime=ctr-runsc >"$T/gv.log" 2>&1
gv_status=$?
check_eq "runc and crun, every workload: exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/log" | tail -n 20
check_eq "runsc, every workload: exit 0" "$gv_status" 0
[ "$gv_status" -eq 0 ] || sed 's/^/#   /' "$T/gv.log" | tail -n 20

value() { _run=$1; shift; sample_value "$_run/samples.csv" "$@"; }
for rt in ctr-runc ctr-crun ctr-runsc; do
	r=$run
	[ $rt = ctr-runsc ] && r=$T/gv
	for app in fio stress echo redis pgbench web; do
		check "$rt $app: deploy time measured" positive "$(value "$r" $rt $app deploy_time)"
	done
	check "$rt http: requests/s" positive "$(value "$r" $rt web requests_per_s)"
	check "$rt fio: read IOPS" positive "$(value "$r" $rt fio read_iops)"
	check "$rt stress-ng: bogo ops/s" positive "$(value "$r" $rt stress cpu_bogo_ops_per_s)"
	check_eq "$rt command: the value" "$(value "$r" $rt echo value)" 42
	check "$rt redis: requests/s" positive "$(value "$r" $rt redis requests_per_s)"
	check "$rt pgbench: tps" positive "$(value "$r" $rt pgbench tps)"
done
for rt in ctr-runc ctr-crun ctr-runsc; do
	r=$run
	[ $rt = ctr-runsc ] && r=$T/gv
	check "$rt iperf3: bits/s" positive "$(value "$r" $rt iperf3 received_bits_per_s)"
done
# idle memory: the container's cgroup, plus the shim outside it
for rt in ctr-runc ctr-crun ctr-runsc; do
	r=$run
	[ $rt = ctr-runsc ] && r=$T/gv
	for app in stress redis; do
		check "$rt $app: idle memory measured" positive "$(value "$r" $rt $app idle_memory)"
		check_grep "$rt $app: the shim is counted beside the cgroup" \
			"^process [0-9]* out [0-9]* .*containerd-shim-runc-v2" \
			"$r/raw/local.$rt.$app.default/1/idle-memory/stdout"
	done
done
check "runsc's idle memory is above runc's (gVisor's sandbox and gofer)" awk \
	-v a="$(value "$T/gv" ctr-runsc redis idle_memory)" \
	-v b="$(value "$run" ctr-runc redis idle_memory)" 'BEGIN { exit !(a > b) }'
check_eq "no failed row" "$(tail -q -n +2 "$run/samples.csv" "$T/gv/samples.csv" | grep -vc ',ok$')" 0
check_eq "rows: 3 runtimes x 7 workloads, each with its deploy time" \
	"$(tail -q -n +2 "$run/samples.csv" "$T/gv/samples.csv" | grep -c ',deploy_time,')" 21
check_eq "and its idle memory" \
	"$(tail -q -n +2 "$run/samples.csv" "$T/gv/samples.csv" | grep -c ',idle_memory,')" 21

rep=$run/raw/local.ctr-crun.stress.default/1
for f in run/command run/exit_status run/timings.json output/stress-ng.yaml output/deploy-t0 \
	output/deploy-ready; do
	check "raw keeps $f" test -s "$rep/$f"
done
check_eq "the workload's stdout comes through ctr" \
	"$(cat "$run/raw/local.ctr-runc.echo.default/1/run/stdout")" 42
check_grep "ctr runs the container: runc.v2 shim, limits, skeleton root" \
	"^'sh' '-c' .*'ctr' '--address=$SOCK' '--namespace=crbench' 'run' '--runtime=io.containerd.runc.v2' .*'--cpus=1' '--memory-limit=1073741824' .*'--rootfs' '$(scratch_dir "$run")/rootfs'" \
	"$rep/run/command"
check_grep "crun runs through crbench's wrapper" "'--runc-binary=$(scratch_dir "$run")/bundles/" \
	"$rep/run/command"
gv=$T/gv/raw/local.ctr-runsc.redis.default/1
check_grep "runsc server: detached, in the server's network namespace" \
	"'--detach' .*'--with-ns=network:/run/netns/crb-[0-9a-f]*-local'" "$gv/deploy/command"
check_grep "runsc server: the client in the clients' namespace" \
	"'nsenter' '--net=/run/netns/crb-[0-9a-f]*-local.clients'" "$gv/client/command"
check_grep "runsc server: its own output kept" "Ready to accept connections" \
	"$gv/output/server.log"
check_grep "host facts: containerd, ctr and runc versions" \
	'"ctr-runc": "containerd [0-9].*, ctr [0-9].*, runc version' "$run/hosts/local.json"
check_grep "host facts: crun's version" '"ctr-crun": "containerd .*, crun version' \
	"$run/hosts/local.json"
check_grep "host facts: runsc's version" '"ctr-runsc": "containerd .*, runsc version' \
	"$T/gv/hosts/local.json"
check_grep "the default handler is written out" "handler: io.containerd.runc.v2" \
	"$run/experiment.yaml"
nothing_left "$run" "runc+crun"
nothing_left "$T/gv" "runsc"

# ---- over ssh: ctr and containerd on a testbed host ----
# The host shares this file system, not its mounts (its sshd has a mount
# namespace of its own, where the run's network namespace is mounted): it
# gets a containerd of its own, started over ssh.
testbed_up 1
mkdir -p "$T/home/.ssh"
cp "$TB/ssh_config" "$T/home/.ssh/config"
start_containerd "$T/ctrd-h1" ssh -F "$TB/ssh_config" h1
check "the ssh host's containerd answers" ctr version
cat >"$T/ssh.yaml" <<EOF
name: containerd-ssh
repetitions: 1
retries: 0
timeout: 60s
hosts:
  - {name: h1, transport: ssh}
runtimes:
  - {name: ctr-crun, driver: containerd, options: ["--address=$SOCK", "--runc-binary=crun"]}
applications:
  - {name: echo, workload: command, params: {command: "echo 42", unit: answers}}
  - {name: redis, workload: redis, params: {requests: 1000}}
EOF
ssh_run=$T/ssh-run-$$
HOME=$T/home "$CRBENCH" run -q "$T/ssh.yaml" -o "$ssh_run" >"$T/ssh.log" 2>&1
status=$?
check_eq "over ssh: exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/ssh.log" | tail -n 20
check_eq "over ssh: the command's value" "$(value "$ssh_run" ctr-crun echo value)" 42
check "over ssh: deploy time measured" positive "$(value "$ssh_run" ctr-crun echo deploy_time)"
check "over ssh: redis requests/s" positive "$(value "$ssh_run" ctr-crun redis requests_per_s)"
check_grep "over ssh: facts name containerd" '"ctr-crun": "containerd [0-9]' "$ssh_run/hosts/h1.json"
check_eq "over ssh: nothing left running on the host but its containerd" \
	"$(testbed_leftovers h1 | tr ' ' '\n' | grep -vx -e "$CTRD_PID" -e '' | tr '\n' ' ')" ""
nothing_left "$ssh_run" "ssh"
use_containerd "$T/ctrd"

# ---- failures leave nothing behind either ----
cat >"$T/fail.yaml" <<EOF
name: containerd-failures
repetitions: 1
retries: 0
timeout: 60s
runtimes:
  - {name: ctr-runc, driver: containerd, options: ["--address=$SOCK"]}
  - {name: ctr-crun, driver: containerd, options: ["--address=$SOCK", "--runc-binary=crun"]}
  # gVisor's own network stack cannot start here: the task stays in "created"
  - {name: ctr-gvnet, driver: containerd, options: ["--address=$SOCK", "--runc-binary=runsc"]}
applications:
  - {name: fails, workload: command, params: {command: "echo 1; exit 3"}}
  - {name: hangs, workload: command, timeouts: {run: 3s}, params: {command: "sleep 60; echo 1"}}
  - {name: redis, workload: redis, timeouts: {deploy: 20s}, params: {requests: 1000}}
  - {name: gated, workload: command, params: {command: "$GATED_COMMAND"}}
EOF
"$CRBENCH" run -q "$T/fail.yaml" -o "$T/fail" --only runtime=ctr-runc,ctr-gvnet \
	--only application=fails,hangs >"$T/fail.log" 2>&1
check_eq "failing repetitions: exit 1" $? 1
status_of() { awk -F, -v rt="$1" -v app="$2" '$4==rt && $5==app && $8=="value" {print $12}' \
	"$T/fail/samples.csv"; }
check_eq "exit status recorded" "$(status_of ctr-runc fails)" exit-3
check_eq "timeout recorded" "$(status_of ctr-runc hangs)" timeout
check_grep "the timed-out container was killed" '"timed_out": true' \
	"$T/fail/raw/local.ctr-runc.hangs.default/1/run/timings.json"
check_grep "runsc's start failure recorded" "cannot run with network enabled" \
	"$T/fail/raw/local.ctr-gvnet.fails.default/1/run/stderr"
check_eq "no clean-up failed" "$(cat "$T"/fail/raw/*/1/cleanup.log 2>/dev/null)" ""
nothing_left "$T/fail" "failures"

# ---- a run killed with a container up: resume sweeps it ----
# The gated container waits until the test lets it go (tests/lib.sh), so it
# is up when the run is killed, whatever the machine's speed.
kill_run=$T/killed
"$CRBENCH" run -q "$T/fail.yaml" -o "$kill_run" --only runtime=ctr-crun \
	--only application=gated >"$T/kill.log" 2>&1 &
pid=$!
wait_waiting "$kill_run" "$pid"
up=$(ctr -n crbench tasks list -q)
kill -9 "$pid"
wait "$pid" 2>/dev/null
check "a container was up when the run was killed" test -n "$up"
check_eq "it is still there after the kill" "$(ctr -n crbench containers list -q)" "$up"
open_gates "$kill_run"
"$CRBENCH" resume -q "$kill_run" >>"$T/kill.log" 2>&1
check_eq "resume: exit 0" $? 0
close_gates
check_eq "resume ran the repetition again" "$(value "$kill_run" ctr-crun gated value)" 4
nothing_left "$kill_run" "killed and resumed"

# ---- mistakes in a runtime entry are found when the experiment is read ----
cat >"$T/bad.yaml" <<'EOF'
name: bad
runtimes:
  - {name: a, driver: containerd, handler: runc}
  - {name: b, driver: containerd, options: ["--namespace=a/b"]}
  - {name: c, driver: containerd, handler: io.containerd.kata.v2, options: ["--runc-binary=crun"]}
  - {name: d, driver: containerd, options: ["--rm"]}
  - {name: e, driver: containerd, options: ["--address=containerd.sock"]}
applications:
  - {name: x, workload: command, params: {command: "echo 1"}}
EOF
check_fails "bad runtime entries: exit 2" 2 "$CRBENCH" plan "$T/bad.yaml"
"$CRBENCH" plan "$T/bad.yaml" >"$T/bad.out" 2>&1
check_grep "a handler that is no containerd runtime" 'bad.yaml:3:5: handler "runc" is not a containerd runtime' "$T/bad.out"
check_grep "a bad namespace" 'bad.yaml:4:5: option "--namespace=a/b"' "$T/bad.out"
check_grep "--runc-binary only for runc.v2" 'bad.yaml:5:5: --runc-binary and --runc-arg are options of the io.containerd.runc.v2 handler' "$T/bad.out"
check_grep "a flag crbench sets itself" 'bad.yaml:6:5: option "--rm": crbench sets this flag' "$T/bad.out"
check_grep "a relative socket" 'bad.yaml:7:5: option "--address=containerd.sock"' "$T/bad.out"
