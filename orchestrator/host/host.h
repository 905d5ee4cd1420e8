#ifndef CRBENCH_HOST_H
#define CRBENCH_HOST_H

#include "orchestrator/engine/engine.h"

/*
 * Open a host for a run: connect, create its scratch area
 * (/var/tmp/crbench-<scratch_id>/) and the shared container root. Errors
 * name the host and the step. `scratch_id` must be unique per run directory
 * and the same for every session of it (resume finds leftovers there).
 * `with_netns`: also the network namespaces of server workloads (engine.h).
 */
int host_open(struct host_state *h, const struct spec_host *spec, const char *scratch_id,
	      int with_netns);
/*
 * Make the server network (engine.h) whole again before a server starts:
 * a runtime may have changed it (gVisor's netstack takes the server's
 * address) or a driver moved the server's end away (docker).
 */
int host_server_network(struct host_state *h);
/* Remove the scratch area and crbench's empty cgroup parents; disconnect. */
void host_close(struct host_state *h);
/* mkdir -p on the host. */
int host_mkdir(struct host_state *h, const char *path);

#endif
