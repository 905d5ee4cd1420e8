#!/bin/sh
# crbench run over ssh: a short stress-ng experiment under runc on two
# testbed hosts, through host.c, hostfacts.c and the oci driver.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd runc stress-ng

testbed_up 2
# the hosts are reached by name through ~/.ssh/config, as `ssh h1` would
mkdir -p "$T/home/.ssh"
cp "$TB/ssh_config" "$T/home/.ssh/config"
cat >"$T/exp.yaml" <<EOY
name: ssh-runc
repetitions: 1
hosts:
  - {name: h1, transport: ssh}
  - {name: h2, transport: ssh, host_type: nested-vm}
limits: {cpus: 1, memory: 1GiB}
timeout: 60s
runtimes:
  - {name: runc, driver: oci, handler: runc}
applications:
  - name: stress-cpu
    workload: stress-ng
    params: {stressor: cpu, workers: 1, duration: 1s}
EOY
# a run id of its own: scratch directories of other tests must not collide
run=$T/ssh-run-$$
HOME=$T/home "$CRBENCH" run "$T/exp.yaml" -o "$run" >"$T/run.log" 2>&1
status=$?
check_eq "run over ssh exits 0" "$status" 0
[ "$status" -eq 0 ] || sed 's/^/#   /' "$T/run.log" | tail -n 30
check_eq "samples: 2 hosts x 2 metrics, all ok" \
	"$(tail -n +2 "$run/samples.csv" | grep -c ',ok$')" 4
check_grep "h2 recorded as nested-vm" "^ssh-run-$$,h2,nested-vm,runc," "$run/samples.csv"
for h in h1 h2; do
	check_grep "$h: facts over ssh (runc version)" '"runc": "runc version' "$run/hosts/$h.json"
	check_grep "$h: facts name the transport" '"transport": "ssh"' "$run/hosts/$h.json"
	check "$h: stress-ng output fetched (SFTP)" \
		test -s "$run/raw/$h.runc.stress-cpu.default/1/output/stress-ng.yaml"
	check_eq "$h: nothing left running on the host" "$(testbed_leftovers "$h")" ""
done
check "scratch directory removed" test ! -e "$(scratch_dir "$run")"
