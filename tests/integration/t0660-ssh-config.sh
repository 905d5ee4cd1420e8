#!/bin/sh
# ssh_config as OpenSSH reads it: aliases (HostName, Port, User,
# IdentityFile, UserKnownHostsFile from a Host * block) and ProxyJump
# through another host; Ansible INI inventories reach the same hosts.
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 2
idx=$(sed -n 's/^IDX=//p' "$TB/testbed.env")
# shellcheck disable=SC2016 # expanded by the inner shell
check_eq "alias from ssh_config (-F)" \
	"$("$CRBENCH" exec -F "$TB/ssh_config" h2 -- sh -c 'echo ${SSH_CONNECTION%% *}')" "198.18.$idx.1"
# shellcheck disable=SC2016 # expanded by the inner shell
check_eq "Ansible INI inventory" \
	"$("$CRBENCH" exec -i "$TB/inventory.ini" h1 -- sh -c 'echo $SSH_CONNECTION' | cut -d' ' -f3)" \
	"198.18.$idx.11"

{
	printf 'Host via-h1\n\tHostName 198.18.%s.12\n\tProxyJump h1\n' "$idx"
	cat "$TB/ssh_config"
} >"$T/cfg"
# shellcheck disable=SC2016 # expanded by the inner shell
check_eq "ProxyJump: h2 sees the connection come from h1" \
	"$("$CRBENCH" exec -F "$T/cfg" via-h1 -- sh -c 'echo ${SSH_CONNECTION%% *}' 2>&1)" "198.18.$idx.11"
head -c 2000000 /dev/urandom >"$T/big"
"$CRBENCH" exec -F "$T/cfg" via-h1 --stdin "$T/big" -- sha256sum >"$T/sum" 2>&1
check_eq "ProxyJump: 2 MB through the tunnel intact" "$(cut -d' ' -f1 "$T/sum")" \
	"$(sha256sum <"$T/big" | cut -d' ' -f1)"
"$CRBENCH" exec -F "$T/cfg" via-h1 --timeout 1 -- sleep 1000 >/dev/null 2>&1
check_eq "ProxyJump: timeout kills the remote group" "$?" 124
check_eq "ProxyJump: nothing left on h2" "$(testbed_leftovers h2)" ""

"$TOP/infra/testbed/testbed" stop "$TB" h1
"$CRBENCH" exec -F "$T/cfg" via-h1 -- true >"$T/out" 2>&1
check_eq "ProxyJump with the jump host down: refused" "$?" 255
check_grep "names the jump host" "step connect: .*jump host h1" "$T/out"

printf 'Host h1\n  Port 99999\n' >"$T/bad"
"$CRBENCH" exec -F "$T/bad" h1 -- true >"$T/out" 2>&1
check_eq "bad ssh_config: refused" "$?" 255
check_grep "bad ssh_config: file:line" "$T/bad:2: bad port \"99999\"" "$T/out"
