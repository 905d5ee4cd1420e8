#ifndef CRBENCH_IDLE_MEMORY_H
#define CRBENCH_IDLE_MEMORY_H

#include "common/strbuf.h"

struct container_run;
struct rundir;

/*
 * Idle memory: once the application has idled `seconds`, the memory
 * charged to the container's memory cgroup (cgroup v1 memory.usage_in_bytes,
 * v2 memory.current: its processes' anonymous memory and page cache and the
 * kernel memory charged to it) plus the proportional set size (PSS) of the
 * runtime's processes outside that cgroup that the driver names
 * (driver_ops.pids_command: a shim, a VM's QEMU). One script on the target
 * host waits, reads it all and prints it; the output is kept as the step
 * raw/<cell>/<rep>/idle-memory/ and parsed into one value.
 */
struct idle_memory {
	double seconds;	   /* the idle period */
	char status[32];   /* "" not measured, "ok", "unsupported" or a failure word */
	double mib;	   /* the value when "ok", in MiB (2^20 bytes) */
	struct strbuf why; /* why it failed: the parser's reason or the step's stderr */
};

#define IDLE_MEMORY_INIT                                                                           \
	{                                                                                          \
		.why = STRBUF_INIT                                                                 \
	}
#define IDLE_MEMORY_STEP "idle-memory"

/*
 * A server workload's container, ready and set up: wait and measure, as the
 * step run->command / run->res; m->status says how it went ("unsupported"
 * when the driver cannot name the container's processes).
 */
void idle_memory_measure(struct container_run *run, const struct rundir *rd, const char *dir,
			 const char *started_at, struct idle_memory *m);
/*
 * A batch workload, after its run: a batch tool does not idle, so the same
 * container (root, limits, runtime options) starts again detached with
 * `sleep infinity` as its process, idles, is measured and removed. Its
 * clean-up goes to run->cleanup_log; Ctrl-C marks run->res interrupted.
 */
void idle_memory_batch(struct container_run *run, const struct rundir *rd, const char *dir,
		       const char *started_at, struct idle_memory *m);
/*
 * The step's output: cgroup_usage_bytes plus the PSS of every distinct
 * process marked "out", in bytes. Anything missing, malformed or after a
 * truncation (no final "end" line) is -1 with the reason in `why`.
 */
int idle_memory_parse(const char *text, double *bytes, struct strbuf *why);
void idle_memory_release(struct idle_memory *m);

#endif
