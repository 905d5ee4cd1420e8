#ifndef CRBENCH_SERVER_H
#define CRBENCH_SERVER_H

struct container_run;
struct idle_memory;
struct rundir;

/*
 * A server workload's repetition (redis, PostgreSQL, iperf3): the
 * container starts detached in the host's shared network namespace; a
 * script on the target host records the clock, starts it and polls the
 * workload's readiness probe every 5 ms, so the deploy time (start request
 * to first successful probe) is measured where the container runs. Then
 * the optional setup and the client run in that namespace, and the
 * container is stopped. With `idle` (not NULL) its idle memory is measured
 * between the setup and the client (idle_memory.h). Each step's command,
 * output, status and timings go to
 * raw/<cell>/<rep>/{deploy,setup,idle-memory,client}/; run->command and
 * run->res are the last step that ran (the client's output is what parse()
 * reads).
 * Returns 0 when the container was started, -1 when it could not be.
 */
int server_run(struct container_run *run, const struct rundir *rd, const char *dir,
	       const char *started_at, struct idle_memory *idle);

#endif
