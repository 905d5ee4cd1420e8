#!/bin/sh
# Defines `v PROGRAM`, which prints NAME=<first line of PROGRAM --version>,
# or NAME=not found; NAME is PROGRAM's last component. An absolute PROGRAM
# is looked at there only (the program a driver runs, not another one
# first in PATH); a name is looked up in PATH. The calls follow this file.
v() {
	case $1 in
	/*) p=$1 ;;
	*) p=$(command -v "$1") ;;
	esac
	[ -x "$p" ] || {
		echo "${1##*/}=not found"
		return
	}
	echo "${1##*/}=$("$p" --version 2>&1 </dev/null | head -n 1)"
}
