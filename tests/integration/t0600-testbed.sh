#!/bin/sh
# infra/testbed/testbed: real sshd hosts in network namespaces, reachable
# with OpenSSH's own client; teardown leaves nothing behind and may be repeated.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 2
idx=$(sed -n 's/^IDX=//p' "$TB/testbed.env")
for f in known_hosts id_ed25519 ssh_config inventory.yaml inventory.ini h1/sshd.pid h2/sshd.pid; do
	check "testbed wrote $f" test -s "$TB/$f"
done
check_eq "ssh (OpenSSH) reaches h1 by its alias" \
	"$(ssh -F "$TB/ssh_config" h1 'echo $((6*7))' 2>&1)" 42
check_eq "h2 has its own address" "$(ssh -F "$TB/ssh_config" h2 'ip -o -4 addr show eth0' 2>&1 |
	awk '{print $4}')" "198.18.$idx.12/24"
check "containers' cgroups are visible over ssh (not hidden by ip netns exec)" \
	ssh -F "$TB/ssh_config" h1 'test -d /sys/fs/cgroup/memory -o -f /sys/fs/cgroup/cgroup.controllers'
check "a second testbed in the same directory is refused" \
	sh -c "! '$TOP/infra/testbed/testbed' up 1 '$TB'"
check_fails "usage error" 2 "$TOP/infra/testbed/testbed" up

"$TOP/infra/testbed/testbed" stop "$TB" h2
check "stop: h2 is unreachable" sh -c "! ssh -F '$TB/ssh_config' -o ConnectTimeout=2 h2 true"
"$TOP/infra/testbed/testbed" start "$TB" h2
check "start: h2 is back" ssh -F "$TB/ssh_config" h2 true

check "down" "$TOP/infra/testbed/testbed" down "$TB"
check_eq "no namespace left" "$(ip netns list | grep -c "^crtb$idx-")" 0
check "no bridge left" sh -c "! ip link show crtb$idx 2>/dev/null"
check_eq "no veth left" "$(ip -o link show | grep -c "crtb$idx-v")" 0
check "down again is harmless" "$TOP/infra/testbed/testbed" down "$TB"
