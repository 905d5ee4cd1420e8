#ifndef CRBENCH_DRIVER_CONTAINER_H
#define CRBENCH_DRIVER_CONTAINER_H

/*
 * The container crbench runs, whichever driver starts it: the mounts over
 * the skeleton root (host.c), the process's environment and cgroup, the
 * deploy-time probe, and the flags OCI runtimes need on hosts like this
 * one. A driver that shares these runs the same container as the others,
 * so only the way it is started differs between them.
 */
struct strbuf;
struct strvec;
struct container_run;

struct container_mount {
	const char *dst, *type, *src;
	const char *options; /* comma-separated, as in mount(8) */
};

/*
 * The mounts beyond a runtime's basic ones (/proc, /dev, /sys): the host's
 * /usr, /etc and other top-level directories read-only, a /tmp tmpfs, the
 * output directory read-write at CONTAINER_OUT_DIR. `add` is called for
 * each, in order.
 */
void container_mounts(const struct container_run *run,
		      void (*add)(void *ctx, const struct container_mount *m), void *ctx);

/* The process's working directory (stress-ng needs a writable one) and environment. */
#define CONTAINER_CWD "/tmp"
extern const char *const container_env[];

/* The container's cgroup in every hierarchy: /crbench/<id>. */
void container_cgroup(const struct container_run *run, struct strbuf *out);

/*
 * Deploy time of a batch workload: the start request is prefixed with a
 * shell that records the clock into DEPLOY_T0_FILE and execs the rest of
 * the command, and the container's process records it again into
 * DEPLOY_READY_FILE before it execs the workload. A server's process is
 * the workload alone (its readiness probe ends the deploy time).
 */
void container_deploy_t0(const struct container_run *run, struct strvec *argv);
void container_process(const struct container_run *run, struct strvec *argv);
/*
 * Run a batch container's start command (which began with
 * container_deploy_t0) to its end within run->timeout: recorded in
 * run->command, its result in run->res. Returns the transport's status.
 */
int container_run_batch(struct container_run *run, struct strvec *argv);

/*
 * The OCI runtime `binary` (runc, crun, runsc or a path to one) with its
 * global `flags` as a command, with what it needs on hosts like this one:
 * crun in a private mount namespace on hybrid cgroup hosts; runsc, for a
 * server, with gVisor's netstack in the server's network namespace
 * (unless `flags` ask for --network=host).
 */
void oci_runtime_argv(const struct container_run *run, const char *binary, const char *const *flags,
		      struct strvec *argv);
/* The runtime's state directory (--root) for this run's runtime entry. */
void oci_runtime_root(const struct container_run *run, struct strbuf *out);

#endif
