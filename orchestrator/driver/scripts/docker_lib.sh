#!/bin/sh
# Put first in every script of the docker driver (docker.c), after the lines
# docker_prelude() writes: the function `docker` (Debian's client, whatever
# comes first in PATH) and the driver's names CID_FILE, HOLDER_SUFFIX,
# LABEL_SCRATCH, LABEL_RUNTIME, SERVER_STDOUT, SERVER_STDERR, SERVER_LINK
# and SERVER_ADDRESS.

# unstack NETNS: undo what a server's start stacked on the run's network
# namespace: every mount there above the first one, which is the engine's
# own namespace.
unstack() {
	while awk -v p="$1" '$5 == p { if (!n++) first = $4; last = $4 }
		END { exit !(n > 1 && last != first) }' /proc/self/mountinfo; do
		umount "$1" || return
	done
}

# run_detached NAME COMMAND...: COMMAND is the `docker run --detach ...` of
# container NAME; prints its first process, or fails with the container's
# output when it ended at once.
run_detached() {
	name=$1
	shift
	"$@" >/dev/null || return
	pid=$(docker inspect --format '{{.State.Pid}}' "$name") || return
	if [ "$pid" = 0 ]; then
		echo "container $name ended at once; its output:" >&2
		docker logs "$name" >&2
		return 1
	fi
	echo "$pid"
}
