#!/bin/sh
# Where the host's crbench is, then its --version: prints the path on the
# first line and execs PROGRAM --version; exits NOT_FOUND (set before this
# file) when there is no such file (absolute) or command (a name).
#   $1  PROGRAM: an absolute path, or a name looked up in PATH
case $1 in
/*)
	p=$1
	[ -e "$p" ]
	;;
*) p=$(command -v "$1") ;;
esac || exit "$NOT_FOUND"
printf '%s\n' "$p"
exec "$p" --version </dev/null
