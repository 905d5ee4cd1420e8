#ifndef CRBENCH_DRIVER_DOCKER_H
#define CRBENCH_DRIVER_DOCKER_H

/*
 * Debian's client: another one may come first in PATH (/usr/local/bin/docker).
 * Host facts (engine/facts.c) report its version too.
 */
#define DOCKER "/usr/bin/docker"

#endif
