#include "orchestrator/engine/server.h"
#include "common/error.h"
#include "common/quote.h"
#include "common/script.h"
#include "common/strvec.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/host/host.h"
#include "orchestrator/host/crbench.h"
#include "orchestrator/engine/idle_memory.h"
#include "orchestrator/engine/step.h"
#include "orchestrator/workload/workload.h"

#include <stdlib.h>
#include <string.h>

SCRIPT(deploy);

/* scripts/deploy.sh, after the start-detached function and `ready`: the probe loop. */
static void deploy_script(struct strbuf *sb, const struct strvec *ready)
{
	step_start_detached(sb);
	strbuf_addstr(sb, "ready() {\n");
	sq_quote_argv(sb, (const char *const *)ready->v);
	strbuf_addstr(sb, "\n}\n");
	strbuf_addstr(sb, script_deploy);
}

/*
 * A host-side step's argv, run in the clients' network namespace. A step
 * that is crbench itself (WORKLOAD_CRBENCH) runs the host's crbench
 * (host_crbench.h).
 */
static void host_step_argv(const struct container_run *run,
			   void (*build)(const struct params *p, struct strvec *argv),
			   struct strvec *argv)
{
	struct strvec cmd = STRVEC_INIT;

	strvec_push(argv, "nsenter");
	strvec_pushf(argv, "--net=%s", run->host->client_netns);
	strvec_push(argv, "--");
	build(&run->app->params, &cmd);
	if (cmd.nr && !strcmp(cmd.v[0], WORKLOAD_CRBENCH)) {
		free(cmd.v[0]);
		cmd.v[0] = host_crbench(run->host->spec);
	}
	strvec_pushv(argv, strvec_argv(&cmd));
	strvec_clear(&cmd);
}

/*
 * The readiness probe, polled every 5 ms inside the shared network
 * namespace by one bash for the whole wait, since every process a try
 * starts blurs the deploy time: the pause is a builtin (`read -t` on a
 * pipe the shell holds both ends of), and a probe given as `bash -c
 * SCRIPT NAME ARGS...` becomes a function of that bash (workload.h), so
 * such a try starts no process at all. Other probes start one per try.
 */
#define PROBE_PAUSE "exec {pause}<> <(:)\n"
/* (`until` would end with the status of the last timed-out pause) */
#define PROBE_UNTIL(what)                                                                          \
	"until " what " \"$@\" >/dev/null 2>&1; do read -t 0.005 -u \"$pause\"; done; :"

static void ready_loop_argv(const struct container_run *run, struct strvec *argv)
{
	struct strvec probe = STRVEC_INIT;
	struct strbuf loop = STRBUF_INIT;
	size_t at = 3; /* the probe's own argv, after host_step_argv's `nsenter --net=NS --` */
	int builtin;

	host_step_argv(run, run->app->ops->ready_argv, &probe);
	builtin =
		probe.nr > at + 3 && !strcmp(probe.v[at], "bash") && !strcmp(probe.v[at + 1], "-c");
	strbuf_addstr(&loop, PROBE_PAUSE);
	if (builtin)
		strbuf_addf(&loop, "ready() {\n%s\n}\n" PROBE_UNTIL("ready"), probe.v[at + 2]);
	else
		strbuf_addstr(&loop, PROBE_UNTIL(""));
	for (size_t i = 0; i < at; i++)
		strvec_push(argv, probe.v[i]);
	strvec_pushv(argv, (const char *const[]){"bash", "-c", loop.buf, NULL});
	if (builtin)
		at += 3; /* from its NAME on: the loop's $0 and arguments */
	else
		strvec_push(argv, "crbench-ready");
	for (; at < probe.nr; at++)
		strvec_push(argv, probe.v[at]);
	strvec_clear(&probe);
	strbuf_release(&loop);
}

static int exec_step(struct container_run *run, const struct rundir *rd, const char *dir,
		     const char *name, const struct strvec *argv, const char *started_at)
{
	return step_exec(run, rd, dir, name, argv, spec_step_timeout(run->app, name), started_at);
}

static int deploy(struct container_run *run, const struct rundir *rd, const char *dir,
		  const char *started_at)
{
	struct strvec ready = STRVEC_INIT, argv = STRVEC_INIT;
	struct strbuf script = STRBUF_INIT;
	int ret;

	if (host_server_network(run->host) < 0)
		return -1;
	ready_loop_argv(run, &ready);
	deploy_script(&script, &ready);
	strvec_pushv(&argv, (const char *const[]){"sh", "-c", script.buf, "sh", run->out_dir,
						  DEPLOY_T0_FILE, DEPLOY_READY_FILE,
						  SERVER_STDOUT_FILE, SERVER_STDERR_FILE, NULL});
	ret = run->rt->ops->start_argv(run, &argv);
	if (!ret)
		ret = exec_step(run, rd, dir, "deploy", &argv, started_at);
	strvec_clear(&ready);
	strvec_clear(&argv);
	strbuf_release(&script);
	return ret;
}

static int client_step(struct container_run *run, const struct rundir *rd, const char *dir,
		       const char *name, void (*build)(const struct params *p, struct strvec *argv),
		       const char *started_at)
{
	struct strvec argv = STRVEC_INIT;
	int ret;

	host_step_argv(run, build, &argv);
	ret = exec_step(run, rd, dir, name, &argv, started_at);
	strvec_clear(&argv);
	return ret;
}

int server_run(struct container_run *run, const struct rundir *rd, const char *dir,
	       const char *started_at, struct idle_memory *idle)
{
	const struct workload_ops *w = run->app->ops;
	int started;

	if (!run->netns || !run->rt->ops->start_argv)
		return error("runtime %s: the %s driver cannot run server workloads here",
			     run->rt->name, run->rt->driver);
	started = deploy(run, rd, dir, started_at) == 0;
	if (started && (!w->setup_argv ||
			client_step(run, rd, dir, "setup", w->setup_argv, started_at) == 0)) {
		/* a failed measurement fails its own row; the client still measures */
		if (idle)
			idle_memory_measure(run, rd, dir, started_at, idle);
		if (!run->res.interrupted)
			client_step(run, rd, dir, "client", w->client_argv, started_at);
	}
	run->rt->ops->stop(run);
	/* a server that started but never became ready is a timeout, not a start failure */
	return started || (run->res.seconds > 0 && run->res.exit_status != STEP_START_FAILED) ? 0
											      : -1;
}
