#ifndef CRBENCH_DRIVER_H
#define CRBENCH_DRIVER_H

struct strbuf;
struct strvec;
struct spec_runtime;
struct container_run;

/*
 * How a runtime is asked to run containers: one file per driver under
 * orchestrator/driver/, one line in driver/table.c.
 */
struct driver_ops {
	const char *name;
	const char *summary;
	/* The handler of a runtime entry without one; NULL: the runtime's name. */
	const char *default_handler;
	/* Spec-time check of a runtime entry (handler, options). */
	int (*validate)(const struct spec_runtime *rt, struct strbuf *why);
	/* Run one container to completion; see engine.h for struct container_run. */
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

#endif
