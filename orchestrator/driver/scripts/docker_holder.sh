#!/bin/sh
# A server's network holder (after docker_lib.sh). Docker cannot join a
# namespace given by path, so a server joins a holder's
# (--network=container:, like a Kubernetes pod's pause container): a runc
# container of its own that only sleeps. The server's end of the veth pair
# (SERVER_LINK) moves into the holder's namespace with its address, and that
# namespace is mounted over the server's, where the engine looks.
#   $1   the server's network namespace (/run/netns/NAME)
#   $2   the holder container
#   $3...  its `docker run --detach ...`
ns=$1 name=$2
shift 2
pid=$(run_detached "$name" "$@") || exit
ip -n "${ns##*/}" link set "$SERVER_LINK" netns "$pid" &&
	mount --bind "/proc/$pid/ns/net" "$ns" &&
	ip -n "${ns##*/}" addr add "$SERVER_ADDRESS/30" dev "$SERVER_LINK" &&
	ip -n "${ns##*/}" link set "$SERVER_LINK" up
