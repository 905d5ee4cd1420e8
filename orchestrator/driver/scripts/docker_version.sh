#!/bin/sh
# The daemon's version, the client's, and the first line of `--version` of
# the program the daemon runs for the handler (after docker_lib.sh); fails
# when the daemon is unreachable or has no such runtime.
#   $1  the handler (one of the daemon's runtimes)
v=$(docker version --format '{{.Server.Version}} (client {{.Client.Version}})') || exit
p=$(docker info --format "{{with index .Runtimes \"$1\"}}{{.Path}}{{end}}") && [ -n "$p" ] || exit
r=$("$p" --version 2>/dev/null) && r=$(printf '%s\n' "$r" | head -n 1) || r='no version'
printf 'docker %s; %s: %s\n' "$v" "$p" "$r"
