#!/bin/sh
# The container root: mount points, plus the host's top-level links into
# /usr (merged-usr systems) recreated as links; a top-level directory that
# is not a link is printed so the driver bind-mounts it.
#   $1  the root's directory (created)
set -e
r="$1"
mkdir -p "$r"
cd "$r"
mkdir -p usr etc proc dev sys tmp root run crbench
for d in bin sbin lib lib32 lib64 libx32; do
	if [ -L "/$d" ]; then
		ln -sfn "$(readlink "/$d")" "$d"
	elif [ -d "/$d" ]; then
		mkdir -p "$d"
		echo "/$d"
	fi
done
