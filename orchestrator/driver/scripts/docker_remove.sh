#!/bin/sh
# Remove a container whatever state it is in, a server's network holder and
# namespace mount, and the bundle (after docker_lib.sh). A container that
# was never created is no error; nor is a server's network holder.
#   $1  the container
#   $2  its bundle directory (with CID_FILE, its full id, once created)
#   $3  the run's network namespace, or "" (not a server)
#   $4  the output directory for a server's logs, or ""

# arg PID FLAG: the value that follows FLAG on the command line of PID.
arg() { tr '\0' '\n' <"/proc/$1/cmdline" | sed -n "/^$2\$/{n;p;}"; }

# drop_orphans ID: when runsc cannot start a container (Debian's 20221219),
# docker 20.10 forgets it while its containerd task is still being created:
# the task, its shim and, for a second, busy cgroups stay behind. Given the
# container's full id: once the task has stopped (about 2 s), delete it and
# the container through the shim's own containerd (the shim then exits),
# then remove the empty cgroups named after the id, under the daemon's
# cgroup parent or slice. Each wait is bounded.
drop_orphans() {
	case $1 in '' | *[!0-9a-f]*) return ;; esac
	for pid in $(pgrep -f -- "-id $1 "); do
		a=$(arg "$pid" -address) n=$(arg "$pid" -namespace)
		for _ in $(seq 50); do
			ctr -a "$a" -n "$n" tasks delete --force "$1" >/dev/null 2>&1
			ctr -a "$a" -n "$n" containers delete "$1" >/dev/null 2>&1 && break
			sleep 0.1
		done
	done
	for _ in $(seq 100); do
		dirs=$(find /sys/fs/cgroup -mindepth 2 -maxdepth 4 -type d -name "*$1*")
		# shellcheck disable=SC2086 # one word per directory (their names hold the id)
		[ -z "$dirs" ] || rmdir $dirs 2>/dev/null || {
			sleep 0.1
			continue
		}
		return 0
	done
	echo "cgroups still in use: $dirs" >&2
	return 1
}

st=0
rm_container() {
	out=$(docker rm --force "$1" 2>&1) || case $out in
	*'No such container'*) ;;
	*)
		printf '%s\n' "$out" >&2
		st=1
		;;
	esac
}

[ -z "$4" ] || docker logs "$1" >>"$4/$SERVER_STDOUT" 2>>"$4/$SERVER_STDERR"
rm_container "$1"
drop_orphans "$(cat "$2/$CID_FILE" 2>/dev/null)" || st=1
[ -z "$3" ] || rm_container "$1$HOLDER_SUFFIX"
[ -z "$3" ] || unstack "$3" || st=1
rm -rf "$2" || st=1
exit $st
