#ifndef CRBENCH_DRIVER_DOCKER_H
#define CRBENCH_DRIVER_DOCKER_H

/* What the docker driver's files share (driver/docker.c, driver/docker_cleanup.c). */
#include "orchestrator/driver/driver.h"

/* Debian's client: another one may come first in PATH (/usr/local/bin/docker). */
#define DOCKER "/usr/bin/docker"
/* Labels that let sweep() find exactly one run's containers under one runtime. */
#define LABEL_SCRATCH "crbench.scratch"
#define LABEL_RUNTIME "crbench.runtime"
/* A server's network holder is named after it: ID-net (docker.c). */
#define HOLDER_SUFFIX "-net"
/* In the bundle directory: the container's full id, written by `docker run`. */
#define CID_FILE "cid"

/* Run `sh -c SCRIPT sh ARGS...` on the host, talking to this runtime's daemon. */
int docker_sh(const struct container_run *run, const char *script, const char *const *args,
	      double timeout, struct exec_result *res);
/* Remove the container whatever state it is in, a server's namespace mount, the bundle. */
void docker_remove(struct container_run *run);
/* Remove what a killed run left under this runtime (containers, namespace mounts). */
void docker_sweep(struct container_run *run);

#endif
