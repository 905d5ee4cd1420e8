#!/bin/sh
# A server's deploy step (server.c), after start_detached.sh and a function
# `ready`: the readiness probe's loop, which ends once the server answers or
# fails at once when the namespace cannot be entered.
#   $1  the output directory
#   $2  the file there for the clock before the start (deploy-t0)
#   $3  the file there for the clock once the server answers (deploy-ready)
#   $4  the file there for the server's stdout
#   $5  the file there for the server's stderr
#   $6... the driver's start command
# The probe runs in the output directory: it may read the server's files.
out=$1 t0=$2 t1=$3 stdout=$4 stderr=$5
shift 5
date +%s%N >"$out/$t0"
start_detached "$out/$stdout" "$out/$stderr" "$@"
cd "$out" || exit
ready || {
	echo 'the readiness probe could not run' >&2
	exit 1
}
date +%s%N >"$out/$t1"
