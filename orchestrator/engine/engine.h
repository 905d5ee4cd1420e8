#ifndef CRBENCH_ENGINE_H
#define CRBENCH_ENGINE_H

#include "common/strbuf.h"
#include "common/strvec.h"
#include "spec/spec.h"
#include "orchestrator/transport/transport.h"
#include "orchestrator/workload/workload.h"

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
 * One container run requested from a driver: everything the driver needs,
 * and what it reports back. Paths are on the target host.
 */
struct container_run {
	struct host_state *host;
	const struct spec_runtime *rt;
	const struct spec_application *app;
	const char *id;		 /* container id, unique within the run */
	const char *bundle_dir;	 /* exists and is empty; the driver removes it afterwards */
	const char *out_dir;	 /* mounted read-write at CONTAINER_OUT_DIR */
	const char *const *argv; /* the workload's process inside the container */
	struct spec_limits limits;
	double timeout;
	/*
	 * Server workloads: the container joins this network namespace (a path
	 * on the host, /run/netns/NAME; the probe and client run in the host's
	 * client_netns), and its process is not wrapped by the deploy-time marker (readiness
	 * ends the deploy time instead). A batch workload's idle container
	 * (idle_memory.h) is a `server` too, without `netns`.
	 */
	const char *netns;
	int server;

	/* Filled in by the driver. */
	struct strbuf command;	/* the exact command line, shell-quoted */
	struct exec_result res; /* of the runtime's run command */
	struct strbuf cleanup_log;
	double cleanup_seconds;
};

/* Where a container sees its output directory. */
#define CONTAINER_OUT_DIR "/crbench"
/* Files the deploy-time probe writes into out_dir: start request and workload start, in ns. */
#define DEPLOY_T0_FILE	  "deploy-t0"
#define DEPLOY_READY_FILE "deploy-ready"

struct run_options {
	const char *output; /* run directory; NULL: results/<name>-<timestamp> */
	int reps;	    /* 0: as in the experiment */
	unsigned long seed;
	struct strvec only; /* KEY=V[,V] filters */
	int dry_run;
	int quick; /* experiment_make_quick() before anything else */
	int quiet;
	int progress_interval; /* seconds between progress lines when not on a terminal */
};

struct matrix;
struct rundir;

struct engine_result {
	int failed;	  /* entries recorded as failed after every retry */
	size_t remaining; /* entries not recorded (interrupted or stopped) */
	int interrupted;  /* Ctrl-C / SIGTERM */
	int stopped;	  /* a host or the run directory failed */
};

/*
 * Run every plan entry not yet recorded into the run directory: a new run
 * writes experiment.yaml, plan.tsv and run.json first; `resume` replays
 * the journal instead. Returns -1 when the run could not go on (host
 * unreachable, run directory not writable); `result` says what happened.
 */
int engine_run(const struct experiment *exp, const struct matrix *m, struct rundir *rd,
	       const struct run_options *opts, int resume, struct engine_result *result);

#endif
