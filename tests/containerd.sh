# shellcheck shell=bash
# A containerd of a test's own (sourced after lib.sh): own socket, root,
# state and PID in a directory under $T, stopped by its PID on exit, and
# the checks that a run left nothing in it or on the host.

# shims put their sockets under /run/containerd whatever the configuration,
# and the runc shim without options its state under /run/containerd/runc
run_dirs="/run/containerd/runc/crbench /run/containerd/runc /run/containerd/fifo
	/run/containerd/s /run/containerd"
# shellcheck disable=SC2086 # a list of paths
run_dirs_before=$(ls -d $run_dirs 2>/dev/null)
remove_run_dirs() {
	for d in $run_dirs; do
		echo "$run_dirs_before" | grep -qx "$d" || rmdir "$d" 2>/dev/null
	done
	true
}
on_exit remove_run_dirs

# use_containerd DIR: the containerd of DIR (socket, root, state, pid) is the one checked
use_containerd() {
	D=$1
	SOCK=$D/containerd.sock
	CTRD_PID=$(cat "$D/pid" 2>/dev/null)
}
ctr() { command ctr --address="$SOCK" "$@"; }

# start_containerd DIR CMD...: a containerd of the test's own in DIR, started by
# the shell command that CMD (sh -c, or ssh to a testbed host) runs; stopped by
# its PID on exit
start_containerd() {
	use_containerd "$1"
	shift
	mkdir -p "$D"
	cat >"$D/config.toml" <<EOC
version = 2
root = "$D/root"
state = "$D/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
EOC
	"$@" "setsid containerd -c '$D/config.toml' >'$D/containerd.log' 2>&1 </dev/null &
		echo \$! >'$D/pid'"
	use_containerd "$D"
	on_exit "stop_containerd '$D'"
	for _ in $(seq 100); do ctr version >/dev/null 2>&1 && break; sleep 0.1; done
}
stop_containerd() {
	pid=$(cat "$1/pid")
	for p in $(pgrep -f "containerd-shim.* -address $1/containerd.sock\$"); do kill -9 "$p"; done
	kill "$pid" 2>/dev/null
	# until it is gone or a zombie (PID 1 reaps orphans late here)
	for _ in $(seq 100); do
		{ [ -e "/proc/$pid/stat" ] && [ "$(cut -d' ' -f3 "/proc/$pid/stat")" != Z ]; } || break
		sleep 0.1
	done
}

# Nothing of run $1 left: containers, tasks, namespaces, shims, mounts, cgroups, processes.
nothing_left() {
	run=$1
	prefix=$(sed -n 's/.*"container_prefix": "\(crb[0-9a-f]*\)".*/\1/p' "$run/run.json")
	check_eq "$2: no namespace left in containerd" "$(ctr namespaces list -q | tr '\n' ' ')" ""
	for ns in crbench crbench-gvisor; do
		check_eq "$2: no container in $ns" "$(ctr -n $ns containers list -q | wc -l)" 0
		check_eq "$2: no task in $ns" "$(ctr -n $ns tasks list -q | wc -l)" 0
	done
	check_eq "$2: no task bundle in containerd's state" \
		"$(find "$D/state" -mindepth 3 -maxdepth 3 2>/dev/null | wc -l)" 0
	shims=""
	for _ in $(seq 30); do # a shim ends right after its task is deleted
		shims=$(pgrep -f "containerd-shim.* -address $SOCK\$" | tr '\n' ' ')
		[ -z "$shims" ] && break
		sleep 0.1
	done
	check_eq "$2: no shim left" "$shims" ""
	sockets=0
	# shellcheck disable=SC2013 # container ids are single words
	for id in $(sed -n 's/.*"container": "\([^"]*\)".*/\1/p' "$run"/raw/*/*/entry.json); do
		for ns in crbench crbench-gvisor; do
			s=/run/containerd/s/$(printf %s "$SOCK/$ns/$id" | sha256sum | cut -c1-64)
			[ -e "$s" ] && sockets=$((sockets + 1)) && rm -f "$s"
		done
	done
	check_eq "$2: no shim socket left in /run/containerd/s" "$sockets" 0
	check_eq "$2: no mount of the run or of containerd left" \
		"$(grep -cE "$(scratch_dir "$run")|$D" "/proc/$CTRD_PID/mounts")" 0
	check_eq "$2: no container cgroup left" \
		"$(find /sys/fs/cgroup/*/crbench -maxdepth 1 -name "$prefix-*" 2>/dev/null | wc -l)" 0
	check_eq "$2: no process of the run left" "$(pgrep -fc "$(scratch_dir "$run")" || true)" 0
	check "$2: scratch directory removed" test ! -e "$(scratch_dir "$run")"
}
