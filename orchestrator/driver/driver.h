#ifndef CRBENCH_DRIVER_H
#define CRBENCH_DRIVER_H

#include "common/strbuf.h"
#include "orchestrator/host/host.h"
#include "spec/spec.h"

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

/*
 * How a runtime is asked to run containers: one file per driver under
 * orchestrator/driver/, one line in driver/table.c.
 */
struct driver_ops {
	const char *name;
	const char *summary; /* one line for `crbench help drivers` */
	/* The handler of a runtime entry without one; NULL: the runtime's name. */
	const char *default_handler;
	/*
	 * The programs it may run on a host (runtimes, daemons, clients), for
	 * the inventory of what a host has, whatever an experiment asks for
	 * (`crbench hosts check`). A name is looked up in the host's PATH; an
	 * absolute path is looked at there only. NULL-terminated.
	 */
	const char *const *programs;
	/* Spec-time check of a runtime entry (handler, options). */
	int (*validate)(const struct spec_runtime *rt, struct strbuf *why);
	/* Run one container to completion; see struct container_run above. */
	int (*run)(struct container_run *run);
	/*
	 * Server workloads: prepare the container and give the command that
	 * starts it detached (it returns once the container runs); stop()
	 * removes it and its bundle whatever state it is in.
	 */
	int (*start_argv)(struct container_run *run, struct strvec *argv);
	void (*stop)(struct container_run *run);
	/*
	 * Remove every container this run left on the host under this runtime
	 * (after a crash, before a resume, at the end of a run).
	 */
	void (*sweep)(struct container_run *run);
	/* Append "name version" facts of the handler on the host to `out`. */
	int (*version)(struct container_run *run, struct strbuf *out);
	/*
	 * Idle memory of a container started with start_argv(): append to `sh`
	 * a shell command that prints host PIDs, one per line: first the
	 * container's first process (its memory cgroup is the one measured; for
	 * gVisor the sandbox), then the runtime's own processes that serve only
	 * this container and may live outside that cgroup (a shim, a VM's QEMU,
	 * virtiofsd). Those inside the cgroup are counted once, with it.
	 * Everything spliced into `sh` is quoted (common/quote.h). NULL: the
	 * driver cannot tell; the metric's rows then say "unsupported".
	 */
	int (*pids_command)(struct container_run *run, struct strbuf *sh);
};

const struct driver_ops *driver_find(const char *name);
extern const struct driver_ops *const driver_table[];
/* NULL-terminated drivers a test program links in; NULL in crbench (see table.c). */
const struct driver_ops *const *driver_table_for_tests(void);

#endif
