#!/bin/sh
# The image of the skeleton root (after docker_lib.sh). Its tag is a digest
# of its names, types, link targets and modes, so a host imports it once and
# a changed skeleton gets a new image. Prints the tag.
#   $1  the skeleton root
set -e
cd "$1"
tag=crbench/skel:$(find . -printf '%y %p %l %m\n' | LC_ALL=C sort | sha256sum | cut -c1-12)
docker image inspect "$tag" >/dev/null 2>&1 ||
	tar -c . | docker import --change 'LABEL crbench=skeleton' \
		--change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
		- "$tag" >/dev/null
echo "$tag"
