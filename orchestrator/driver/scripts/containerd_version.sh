#!/bin/sh
# "containerd V, ctr V, RUNTIME": the daemon's and the client's versions,
# then the first line of the OCI runtime's --version (runc.v2) or the
# shim's version. Fails when the daemon or the runtime cannot be reached.
#   $1   containerd's address
#   $2...  the runtime's version command (`runc --version`, `containerd-shim-runsc-v1 -v`)
a=$1
shift
v=$(ctr --address="$a" version 2>&1) || exit 1
h=$("$@" 2>&1 </dev/null) || exit 1
versions() { printf '%s\n' "$1" | sed -n 's/^ *Version: *//p'; }
case $h in
*Version:*) h="$1 $(versions "$h" | head -n 1)" ;;
*) h=$(printf '%s\n' "$h" | head -n 1) ;;
esac
printf 'containerd %s, ctr %s, %s\n' "$(versions "$v" | sed -n 2p)" \
	"$(versions "$v" | head -n 1)" "$h"
