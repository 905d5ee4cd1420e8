#!/bin/sh
#
# Put first in the scripts that start a container detached (a server's
# deploy step, a batch workload's idle container), after the line
# START_FAILED=N that step_start_detached() writes (STEP_START_FAILED).
#
#   start_detached STDOUT STDERR COMMAND...
#
# runs the driver's start command in a session of its own: a transport ends
# whatever a command leaves in its process group, and gVisor's sandbox
# would otherwise stay in ours (runc's container leaves it by itself). Its
# output goes to the files STDOUT and STDERR: the container inherits them
# and would hold a pipe open. When it fails, its stderr is copied to ours
# and the script exits with $START_FAILED.
start_detached() {
	o=$1 e=$2
	shift 2
	setsid -w "$@" </dev/null >"$o" 2>"$e" || {
		cat "$e" >&2
		exit "$START_FAILED"
	}
}
