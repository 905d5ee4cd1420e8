#!/bin/sh
# Host keys: unknown refused with a way forward, --accept-new-host-keys
# records them, a changed key is refused naming the known_hosts file and
# line (plain and hashed entries).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns sshd

testbed_up 2
kh=$T/known_hosts
sed "s#known_hosts: .*#known_hosts: $kh#" "$TB/inventory.yaml" >"$T/inv.yaml"

"$CRBENCH" exec -i "$T/inv.yaml" h1 -- true >"$T/out" 2>&1
check_eq "unknown host key: refused" "$?" 255
check_grep "unknown: message names the file and the option" \
	"host h1: step connect: unknown host key: ssh-ed25519 key SHA256:.* is not in $kh.*--accept-new-host-keys" "$T/out"
check "unknown: nothing recorded" test ! -e "$kh"
fp=$(ssh-keygen -lf "$TB/h1/hostkey.pub" | awk '{print $2}')
check "unknown: the fingerprint is OpenSSH's" grep -qF "$fp" "$T/out"

"$CRBENCH" hosts check --accept-new-host-keys "$T/inv.yaml" >"$T/out" 2>&1
check_eq "--accept-new-host-keys: hosts usable" "$?" 0
check_eq "--accept-new-host-keys: both keys recorded" "$(wc -l <"$kh")" 2
check "recorded keys satisfy OpenSSH too" \
	ssh -F "$TB/ssh_config" -o UserKnownHostsFile="$kh" h2 true
check_eq "recorded: a second connection needs no option" \
	"$("$CRBENCH" exec -i "$T/inv.yaml" h2 -- echo again 2>&1)" again

"$TOP/infra/testbed/testbed" rekey "$TB" h2
line=$(grep -n "^\[198\.18\.[0-9]*\.12\]:2222 " "$kh" | cut -d: -f1)
"$CRBENCH" exec -i "$T/inv.yaml" h2 -- true >"$T/out" 2>&1
check_eq "changed host key: refused" "$?" 255
check_grep "changed: names file:line" "HOST KEY CHANGED for \[198\.18\.[0-9]+\.12\]:2222.*$kh:$line" "$T/out"
"$CRBENCH" exec --accept-new-host-keys -i "$T/inv.yaml" h2 -- true >"$T/out" 2>&1
check_eq "changed host key: refused even with --accept-new-host-keys" "$?" 255

ssh-keygen -q -H -f "$kh" >/dev/null 2>&1
check "known_hosts hashed" grep -q '^|1|' "$kh"
check_eq "hashed entry: h1 still matches" "$("$CRBENCH" exec -i "$T/inv.yaml" h1 -- echo ok 2>&1)" ok
"$CRBENCH" exec -i "$T/inv.yaml" h2 -- true >"$T/out" 2>&1
check_grep "hashed entry: changed key names file:line" "$kh:$line" "$T/out"

# StrictHostKeyChecking accept-new in ssh_config does what the option does
printf 'Host *\n  StrictHostKeyChecking accept-new\n' >"$T/cfg"
"$CRBENCH" exec -F "$T/cfg" -i "$TB/inventory.yaml" h1 -- true >/dev/null 2>&1
check_eq "known_hosts of the inventory untouched when the key matches" "$(wc -l <"$TB/known_hosts")" 2
sed "s#known_hosts: .*#known_hosts: $T/kh2#" "$TB/inventory.yaml" >"$T/inv2.yaml"
check "StrictHostKeyChecking accept-new records" "$CRBENCH" exec -F "$T/cfg" -i "$T/inv2.yaml" h1 -- true
check_eq "accept-new: one key" "$(wc -l <"$T/kh2")" 1
