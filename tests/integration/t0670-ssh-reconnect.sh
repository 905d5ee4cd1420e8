#!/bin/sh
# A connection lost mid-command fails that command (the engine retries the
# repetition), the next call reconnects, and the command the lost
# connection left running on the host is killed: by the command runner
# when its connection ends, or, with a channel per command
# (CRBENCH_SSH_RUNNER=off), once the host is reached again.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 1

# every check names the mode, "runner" or "channel"
cut_connection() {
	m=$1
	rm -rf "$T/first"
	ns=crtb$(sed -n 's/^IDX=//p' "$TB/testbed.env")-h1
	listener=$(cat "$TB/h1/sshd.pid")
	# the first call sleeps 30 s, the later ones return at once
	# shellcheck disable=SC2016 # expanded by the inner shell
	"$CRBENCH" exec -i "$TB/inventory.yaml" h1 --repeat 3 -- \
		sh -c 'mkdir "$1" 2>/dev/null && sleep 30; true' sh "$T/first" >"$T/out" 2>&1 &
	pid=$!
	# once the first command runs, cut the connection: kill its sshd processes, not the command
	for _ in $(seq 600); do # a guard against a hang, not a deadline
		pids=$(ip netns pids "$ns" | grep -vx "$listener" | paste -sd, -)
		[ -n "$pids" ] && ps -o comm= -p "$pids" | grep -qx sleep && break
		sleep 0.1
	done
	victims=$(ps -o pid=,comm= -p "$pids" | awk '$2 == "sshd" {print $1}')
	check "$m: the command's connection has sshd processes to cut" test -n "$victims"
	# shellcheck disable=SC2086 # one word per pid
	kill -KILL $victims
	wait "$pid"
	check_grep "$m: the cut command failed, the others ran on a new connection" \
		'calls 3 failures 1 ' "$T/out"
	check_grep "$m: the failure names host, step and cause" \
		"host h1: step exec: connection lost while 'sh' ran" "$T/out"
	check_eq "$m: the orphaned sleep 30 was killed after reconnecting" "$(testbed_leftovers h1)" ""
}

cut_connection runner
export CRBENCH_SSH_RUNNER=off
cut_connection channel
