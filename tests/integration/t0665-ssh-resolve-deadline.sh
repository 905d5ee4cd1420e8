#!/bin/sh
# Name resolution has a deadline too: with a DNS server that never
# answers, connecting gives up after ConnectTimeout, naming the host and
# the cause. Runs in a network namespace of its own (loopback only), where
# a UDP socket on 127.0.0.1:53 takes the queries and never answers, with
# its own resolv.conf (private mount namespace).
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
needs root netns python3

ns=crb-dns-$$
ip netns add "$ns"
on_exit "ip netns delete '$ns'"
ip -n "$ns" link set lo up
ip netns exec "$ns" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 53))
while True:
    s.recv(512)' &
silent=$!
on_exit "kill $silent"
for _ in $(seq 600); do
	ip netns exec "$ns" ss -Hlun | grep -q '127.0.0.1:53 ' && break
	sleep 0.1
done
printf 'nameserver 127.0.0.1\noptions timeout:30 attempts:1\n' >"$T/resolv.conf"
cat >"$T/ssh_config" <<EOT
Host slow
	HostName no-such-host.crbench.invalid
	ConnectTimeout 2
	StrictHostKeyChecking yes
EOT
start=$(date +%s)
# shellcheck disable=SC2016 # expanded by the inner shell
ip netns exec "$ns" unshare -m sh -c \
	'mount --bind "$1" /etc/resolv.conf && exec "$2" exec -F "$3" slow -- true' \
	sh "$T/resolv.conf" "$CRBENCH" "$T/ssh_config" >"$T/out" 2>&1
status=$?
check "an unanswered lookup fails" test "$status" -ne 0
check "within the connect timeout (2 s), not the resolver's 30 s" \
	test $(($(date +%s) - start)) -le 10
check_grep "the error names the host and the step" "host slow: step connect" "$T/out"
check_grep "and says why" "cannot resolve no-such-host.crbench.invalid: no answer before the connect timeout" "$T/out"
