#!/bin/sh
# crbench hosts check on real sshd hosts: facts and software of reachable
# hosts, exit 1 when one is unreachable or lacks what an experiment needs.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd runc crun docker stress-ng jq

testbed_up 2
out=$T/check.out
"$CRBENCH" hosts check "$TB/inventory.yaml" >"$out" 2>&1
check_eq "two reachable hosts: exit 0" "$?" 0
check_grep "h1 ok with connect latency" '^h1: ok \(ssh, connect [0-9.]+ ms\)' "$out"
check_grep "h2 ok" '^h2: ok' "$out"
check_grep "kernel and CPUs printed" "kernel $(uname -r), .*[0-9]+ CPUs" "$out"
check_grep "runc version found" '^ +runc +runc version' "$out"
check_grep "stress-ng found" '^ +stress-ng +stress-ng, version' "$out"
# the docker driver runs Debian's client, whichever docker comes first in PATH
check_grep "docker: the version of /usr/bin/docker, the driver's client" \
	"^ +docker +$(/usr/bin/docker --version | sed 's/[.+]/\\&/g')\$" "$out"
check_grep "summary line" '^2 hosts: 2 usable, 0 unusable' "$out"

"$CRBENCH" hosts check --json "$TB/inventory.ini" >"$T/check.json"
check_eq "Ansible INI inventory, JSON: both usable" \
	"$(jq '[.[] | select(.usable)] | length' "$T/check.json")" 2
check_eq "JSON has memory" "$(jq '.[0].facts.memory_kib > 0' "$T/check.json")" true
check_eq "JSON has the connect latency" "$(jq '.[1].connect_ms > 0' "$T/check.json")" true

# an experiment naming runc, on a host where runc is hidden (only in h2's sshd mount namespace)
cat >"$T/exp.yaml" <<EOY
name: needs
inventory: $TB/inventory.yaml
runtimes: [{name: runc, driver: oci, handler: runc}, {name: crun, driver: oci, handler: crun}]
applications: [{name: cpu, workload: stress-ng, params: {stressor: cpu, workers: 1, duration: 1s}}]
EOY
: >"$T/not-executable"
nsenter --mount="/proc/$(cat "$TB/h2/sshd.pid")/ns/mnt" mount --bind "$T/not-executable" \
	"$(command -v runc)"
"$CRBENCH" hosts check "$T/exp.yaml" >"$out" 2>&1
check_eq "experiment with a missing runtime: exit 1" "$?" 1
check_grep "h1 has what the experiment needs" 'experiment needs: everything found' "$out"
check_grep "h2 lacks runc" 'experiment needs, missing: runtime runc \(runc\)' "$out"

"$TOP/infra/testbed/testbed" stop "$TB" h2
"$CRBENCH" hosts check "$TB/inventory.yaml" >"$out" 2>&1
check_eq "h2's sshd stopped: exit 1" "$?" 1
check_grep "h2 unusable, naming host and step" \
	'^h2: UNUSABLE: host h2: step connect: Connection refused' "$out"
check_grep "h1 still ok" '^h1: ok' "$out"

check_fails "no inventory: usage error" 2 "$CRBENCH" hosts check
check_fails "unknown subcommand: usage error" 2 "$CRBENCH" hosts list "$TB/inventory.yaml"
check_fails "missing file: input error" 2 "$CRBENCH" hosts check "$T/nonexistent.yaml"
printf 'hosts:\n  - name: x\n    prot: 22\n' >"$T/bad.yaml"
"$CRBENCH" hosts check "$T/bad.yaml" >"$out" 2>&1
check_eq "bad inventory: exit 2" "$?" 2
check_grep "bad inventory: file:line:col" "bad.yaml:3:5: unknown key \"prot\" \(did you mean \"port\"\?\)" "$out"
