#!/bin/bash
# A FAKE Kata Containers under containerd. Kata runs each container in a
# virtual machine and needs KVM, which this machine lacks; so the test's own
# containerd finds, for the runtime io.containerd.kata.v2, its binary
# containerd-shim-kata-v2 on its PATH as a symlink to Debian's
# containerd-shim-runc-v2 (which needs no options: without any it runs
# `runc` with the root /run/containerd/runc), and that shim runs the
# container with runc.
#
# What it proves: crbench's containerd driver drives a handler other than
# runc.v2 end to end against a real containerd: `ctr run
# --runtime=io.containerd.kata.v2` with no runc-only flag (--runc-binary,
# --runc-root), containerd resolving that name to the shim on its PATH
# (without it the run fails), deploy time, performance and idle memory (the
# task and its shim) for a batch and a server workload, the shim's version
# in the host facts, and clean-up without the OCI runtime: nothing left.
# What it does not prove: anything about Kata itself. There is no VM, guest
# kernel or kata-agent; the numbers are runc's; Kata's configuration.toml,
# its VM's memory (outside the container's cgroup: the hypervisor's), its
# network through a tap device and its clean-up of a VM are not exercised.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns containerd runc redis stress-ng
# shellcheck source=../containerd.sh
. "$(dirname "$0")/../containerd.sh"

# ---- the test's containerd, with the fake shim on its PATH ----
# one for the daemon (removed below), one for crbench's version of the shim
mkdir -p "$T/daemon-bin" "$T/bin"
ln -s "$(command -v containerd-shim-runc-v2)" "$T/daemon-bin/containerd-shim-kata-v2"
ln -s "$(command -v containerd-shim-runc-v2)" "$T/bin/containerd-shim-kata-v2"
start_containerd "$T/ctrd" env PATH="$T/daemon-bin:$PATH" sh -c
check "the test's containerd answers" ctr version

# nothing_left, and no state of the runc shim's own ($prefix: set by nothing_left)
kata_nothing_left() {
	nothing_left "$@"
	check_eq "$2: no runc state left" "$(find /run/containerd/runc/crbench -maxdepth 1 \
		-name "$prefix-*" 2>/dev/null | wc -l)" 0
}

# ---- a batch and a server workload under io.containerd.kata.v2 ----
cat >"$T/exp.yaml" <<EOF
name: fake-kata
repetitions: 1
retries: 0
timeout: 60s
limits: {cpus: 1, memory: 1GiB}
metrics: [deploy_time, performance, idle_memory]
idle: 1s
runtimes:
  - {name: kata, driver: containerd, handler: io.containerd.kata.v2, options: ["--address=$SOCK"]}
applications:
  - {name: stress, workload: stress-ng, params: {stressor: cpu, duration: 1s}}
  - {name: redis, workload: redis, params: {requests: 2000, clients: 4}}
  - {name: echo, workload: command, params: {command: "echo 42", unit: answers}}
EOF
run=$T/run
PATH=$T/bin:$PATH "$CRBENCH" run -q "$T/exp.yaml" -o "$run" --only application=stress,redis \
	>"$T/log" 2>&1
status=$?
check_eq "stress-ng and redis under io.containerd.kata.v2: exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/log" | tail -n 20

csv=$run/samples.csv
value() { sample_value "$csv" kata "$@"; }
for app in stress redis; do
	check "$app: deploy time measured" positive "$(value $app deploy_time)"
	check "$app: idle memory measured" positive "$(value $app idle_memory)"
	# (named containerd-shim-runc-v2: the shim starts itself again by its real path)
	check_grep "$app: the task's shim is counted beside its cgroup" \
		"^process [0-9]+ out [0-9]+ .*containerd-shim-" \
		"$run/raw/local.kata.$app.default/1/idle-memory/stdout"
done
check "stress-ng: bogo ops/s" positive "$(value stress cpu_bogo_ops_per_s)"
check "redis: requests/s" positive "$(value redis requests_per_s)"
check_eq "no failed row" "$(tail -n +2 "$csv" | grep -vc ',ok$')" 0
check_eq "rows: a deploy time and an idle memory per workload" \
	"$(tail -n +2 "$csv" | grep -cE ',(deploy_time|idle_memory),')" 4

batch=$run/raw/local.kata.stress.default/1/run/command
server=$run/raw/local.kata.redis.default/1/deploy/command
check_grep "batch: ctr runs it with the kata handler" \
	"'ctr' '--address=$SOCK' '--namespace=crbench' 'run' '--runtime=io.containerd.kata.v2' " \
	"$batch"
check_grep "server: detached, with the kata handler, in the server's network namespace" \
	"'run' '--detach' .*'--runtime=io.containerd.kata.v2' .*'--with-ns=network:/run/netns/crb-" \
	"$server"
check_eq "no runc-only flag given to the kata shim" \
	"$(grep -c -e "--runc-" "$batch" "$server" | grep -vc ':0$')" 0
check_grep "host facts: containerd, ctr and the kata shim's version" \
	'"kata": "containerd [0-9][^,]*, ctr [0-9][^,]*, containerd-shim-kata-v2 [0-9]' \
	"$run/hosts/local.json"
check_grep "the handler is written out" "handler: io.containerd.kata.v2" "$run/experiment.yaml"
kata_nothing_left "$run" "kata"

# ---- containerd really looks the handler up: without the shim the run fails ----
rm "$T/daemon-bin/containerd-shim-kata-v2"
PATH=$T/bin:$PATH "$CRBENCH" run -q "$T/exp.yaml" -o "$T/noshim" --only application=echo \
	>"$T/noshim.log" 2>&1
check_eq "no kata shim on containerd's PATH: exit 1" $? 1
check_eq "its row says ctr failed" "$(awk -F, '$4 == "kata" && $8 == "value" {print $12}' \
	"$T/noshim/samples.csv")" exit-1
check_grep "containerd's error names the shim" "containerd-shim-kata-v2" \
	"$T/noshim/raw/local.kata.echo.default/1/run/stderr"
kata_nothing_left "$T/noshim" "no shim"
