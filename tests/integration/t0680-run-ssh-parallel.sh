#!/bin/bash
# A matrix on two SSH hosts: one worker per host, so the hosts run at the
# same time while each host's cells stay sequential. h1's connection is cut
# in the middle of a repetition: the transport reconnects, the engine
# retries the repetition, and the run completes with nothing lost.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd runc stress-ng

testbed_up 2
mkdir -p "$T/home/.ssh"
cp "$TB/ssh_config" "$T/home/.ssh/config"
cat >"$T/exp.yaml" <<EOY
name: ssh-parallel
repetitions: 2
retries: 2
retry_backoff: 1s
hosts:
  - {name: h1, transport: ssh}
  - {name: h2, transport: ssh}
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - name: cpu
    workload: stress-ng
    params: {stressor: cpu, workers: 1, duration: 3s}
EOY
run=$T/par-$$
ns=crtb$(sed -n 's/^IDX=//p' "$TB/testbed.env")-h1
listener=$(cat "$TB/h1/sshd.pid")

HOME=$T/home "$CRBENCH" run "$T/exp.yaml" -o "$run" >"$T/run.log" 2>&1 &
pid=$!
on_exit "kill -9 $pid 2>/dev/null"
# once h1 runs a container (runc stays in the host's namespace; stress-ng is in the
# container's own), cut its connection: its sshd processes, not the command
victims=
for _ in $(seq 3000); do # a guard against a hang, not a deadline
	pids=$(ip netns pids "$ns" | grep -vx "$listener" | paste -sd, -)
	if [ -n "$pids" ] && ps -o comm= -p "$pids" | grep -qx runc; then
		victims=$(ps -o pid=,comm= -p "$pids" | awk '$2 == "sshd" {print $1}')
		break
	fi
	running "$pid" || break
	sleep 0.1
done
check "h1's connection had sshd processes to cut while its container ran" test -n "$victims"
# shellcheck disable=SC2086 # one word per pid
[ -n "$victims" ] && kill -KILL $victims
wait "$pid"
status=$?
check_eq "the run completes with exit 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/run.log" | tail -n 20
check_grep "h1's interrupted repetition was retried, and why" '"cell":"h1.runc.cpu.default","detail":"host h1: step exec: connection lost.*"event":"retry"' \
	"$run/journal.jsonl"
check_eq "every repetition recorded: 2 hosts x 2 reps x 2 metrics ok" \
	"$(tail -n +2 "$run/samples.csv" | grep -c ',ok$')" 8
# in a sequential engine every "started" is followed by its "finished"
check "the two hosts ran at the same time" \
	awk '/"event":"started"/ { if (prev) found = 1; prev = 1; next } { prev = 0 } END { exit !found }' \
	"$run/journal.jsonl"
check_eq "h1's failed attempt is kept beside the final one" \
	"$(find "$run/raw/h1.runc.cpu.default" -maxdepth 1 -name '*.attempt-1' | wc -l)" 1
for h in h1 h2; do
	check_eq "$h: nothing left running on the host" "$(testbed_leftovers "$h")" ""
done
