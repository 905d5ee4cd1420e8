#!/bin/sh
# Put first in the containerd driver's clean-up scripts (containerd.c), which
# run as `sh -c SCRIPT sh ADDRESS NAMESPACE ROOT ARG [RUNTIME...]`:
#   $1   containerd's address
#   $2   the namespace of the run's containers
#   $3   the state root of a runc.v2 shim's OCI runtime (one directory per namespace)
#   $4   the script's own argument (a container, a label filter)
#   $5...  the OCI runtime of a runc.v2 shim with its flags, or nothing
# shellcheck disable=SC2034 # arg is the argument of the script that follows
a=$1 n=$2 root=$3 arg=$4
shift 4

c() { ctr --address="$a" --namespace="$n" "$@"; }

# remove ID [RUNTIME...]: the task and the container ID. The shim kills the
# task; one it cannot kill (runsc's, stuck in "created" when its sandbox
# failed) is deleted by the runtime itself.
remove() {
	id=$1
	shift
	if ! out=$(c tasks delete --force "$id" 2>&1); then
		case $out in *'not found'*) ;; *)
			[ $# -eq 0 ] || "$@" --root="$root/$n" delete --force "$id" >/dev/null 2>&1
			c tasks delete "$id" >/dev/null 2>&1
			;;
		esac
	fi
	out=$(c containers delete "$id" 2>&1) && return 0
	case $out in *'not found'*) return 0 ;; esac
	printf '%s\n' "$out" >&2
	return 1
}
