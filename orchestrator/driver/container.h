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
 * The OCI runtime `binary` (runc, crun, runsc or a path to one) as a
 * command: crun in a private mount namespace on hybrid cgroup hosts. Its
 * global flags follow, then oci_runtime_last_flags(): the run's network
 * for a server under runsc.
 */
void oci_runtime_command(const char *binary, struct strvec *argv);
/* The runtime's state directory (--root) for this run's runtime entry. */
void oci_runtime_root(const struct container_run *run, struct strbuf *out);
void oci_runtime_last_flags(const struct container_run *run, const char *binary,
			    struct strvec *argv);

#endif
