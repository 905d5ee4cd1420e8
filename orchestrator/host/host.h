#ifndef CRBENCH_HOST_H
#define CRBENCH_HOST_H

#include "common/strvec.h"
#include "orchestrator/transport/transport.h"

struct spec_host;

/* A host as the engine uses it: the connection and its prepared scratch area. */
struct host_state {
	const struct spec_host *spec;
	struct host_conn conn;
	char *scratch;		  /* on the host: per-run working directory */
	char *rootfs;		  /* on the host: the shared read-only container root */
	struct strvec root_binds; /* host top-level dirs (not /usr symlinks) to bind into rootfs */
	/*
	 * Server workloads: the server's network namespace (containers join
	 * it) and the clients' (the readiness probe and the client run there),
	 * /run/netns/NAME, joined by a veth pair: SERVER_LINK with
	 * SERVER_ADDRESS, CLIENT_LINK with CLIENT_ADDRESS. Clients reach the
	 * server over that pair whatever the runtime's network stack is, since
	 * gVisor's netstack has a loopback of its own that the host cannot reach.
	 */
	char *netns;
	char *client_netns;
};
#define SERVER_LINK "crb-srv"
#define CLIENT_LINK "crb-cli"

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
