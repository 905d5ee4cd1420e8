#!/bin/sh
# What a killed run left behind under one runtime (after docker_lib.sh).
#   $1  the run's scratch area on the host (label LABEL_SCRATCH)
#   $2  the runtime's name (label LABEL_RUNTIME)
#   $3  the run's network namespace, or ""
ids=$(docker ps --all --quiet --filter "label=$LABEL_SCRATCH=$1" \
	--filter "label=$LABEL_RUNTIME=$2") || exit
# shellcheck disable=SC2086 # one word per container id
[ -z "$ids" ] || docker rm --force $ids >/dev/null
[ -z "$3" ] || unstack "$3"
