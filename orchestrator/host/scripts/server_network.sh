#!/bin/sh
# The server's and the clients' network namespaces (host.c): both exist,
# with loopback up, joined by a veth pair (SERVER_LINK, CLIENT_LINK) that
# has its addresses (SERVER_ADDRESS, CLIENT_ADDRESS, set before by
# host.c) and is up. Each step is idempotent: this also repairs what a
# server left, such as gVisor's netstack, which takes the server's address
# off the host's interface, or a docker server's network holder, whose
# namespace took the server's end with it. The kernel removes a dead
# namespace's links a moment later: the clients' end may still be there, or
# go while the pair is made anew, hence the retries.
#   $1  the server's namespace (a name under /run/netns)
#   $2  the clients' namespace
for ns in "$1" "$2"; do
	[ -e "/run/netns/$ns" ] || ip netns add "$ns" || exit
	ip -n "$ns" link set lo up || exit
done
pair() {
	ip -n "$2" link del "$CLIENT_LINK" 2>/dev/null
	ip -n "$2" link add "$CLIENT_LINK" type veth peer name "$SERVER_LINK" netns "$1"
}
have() { ip -n "$1" link show "$SERVER_LINK" >/dev/null 2>&1; }
for _ in $(seq 50); do
	have "$@" || pair "$@" 2>/dev/null && break
	sleep 0.1
done
have "$@" || pair "$@" || exit
ip -n "$1" addr replace "$SERVER_ADDRESS/30" dev "$SERVER_LINK" &&
	ip -n "$1" link set "$SERVER_LINK" up &&
	ip -n "$2" addr replace "$CLIENT_ADDRESS/30" dev "$CLIENT_LINK" &&
	ip -n "$2" link set "$CLIENT_LINK" up
