/*
 * The idle-memory step (idle_memory.h): a script that waits on the target
 * host, asks the driver which processes are the container's, and prints
 * what their memory cgroup and /proc say; its parser adds it up.
 */
#include "orchestrator/engine/idle_memory.h"
#include "common/script.h"
#include "common/strvec.h"
#include "common/xalloc.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/engine/step.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

SCRIPT(idle_memory);

/* Wait, ask the driver for the PIDs, measure. */
static int measure_script(struct container_run *run, double seconds, struct strbuf *sh)
{
	strbuf_addf(sh, "sleep %.15g\npids=$(", seconds);
	if (run->rt->ops->pids_command(run, sh) < 0)
		return -1;
	strbuf_addstr(sh, ")\nset -- $pids\n");
	strbuf_addstr(sh, script_idle_memory);
	return 0;
}

/* What the step's result means for the metric. */
static void settle(struct idle_memory *m, const struct exec_result *res, int ret)
{
	double bytes;

	if (ret == 0 && idle_memory_parse(res->out.buf, &bytes, &m->why) == 0) {
		m->mib = bytes / (1024.0 * 1024.0);
		snprintf(m->status, sizeof(m->status), "ok");
		return;
	}
	if (ret == 0) {
		snprintf(m->status, sizeof(m->status), "parse-error");
		return;
	}
	step_failure_word(res, res->exit_status != STEP_START_FAILED, m->status);
	if (!strcmp(m->status, "ok")) /* it did not run: the transport or the driver failed */
		snprintf(m->status, sizeof(m->status), "deploy-error");
	step_stderr_tail(&m->why, &res->err);
}

static void unsupported(const struct container_run *run, struct idle_memory *m)
{
	snprintf(m->status, sizeof(m->status), "unsupported");
	strbuf_addf(&m->why, "the %s driver cannot name a container's processes", run->rt->driver);
}

void idle_memory_measure(struct container_run *run, const struct rundir *rd, const char *dir,
			 const char *started_at, struct idle_memory *m)
{
	struct strbuf sh = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	int ret = -1;

	if (!run->rt->ops->pids_command) {
		unsupported(run, m);
		return;
	}
	if (measure_script(run, m->seconds, &sh) == 0) {
		strvec_pushv(&argv, (const char *const[]){"sh", "-c", sh.buf, "sh", NULL});
		ret = step_exec(run, rd, dir, IDLE_MEMORY_STEP, &argv,
				m->seconds + run->app->timeout, started_at);
	}
	settle(m, &run->res, ret);
	strbuf_release(&sh);
	strvec_clear(&argv);
}

/*
 * $1: the output directory; the rest: the start command. The idle
 * container's output goes to files there.
 */
static void batch_start(struct strbuf *sh)
{
	step_start_detached(sh);
	strbuf_addstr(sh, "out=$1; shift\n"
			  "start_detached \"$out/idle-container.stdout\" "
			  "\"$out/idle-container.stderr\" \"$@\"\n");
}

void idle_memory_batch(struct container_run *run, const struct rundir *rd, const char *dir,
		       const char *started_at, struct idle_memory *m)
{
	static const char *const idle_argv[] = {"sleep", "infinity", NULL};
	struct strbuf id = STRBUF_INIT, bundle = STRBUF_INIT, sh = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	struct container_run c = *run;
	int ret = -1;

	if (!run->rt->ops->pids_command || !run->rt->ops->start_argv) {
		unsupported(run, m);
		return;
	}
	strbuf_addf(&id, "%s-idle", run->id);
	strbuf_addf(&bundle, "%s-idle", run->bundle_dir);
	c.id = id.buf;
	c.bundle_dir = bundle.buf;
	c.argv = idle_argv;
	c.server = 1; /* detached, its process as it is */
	c.command = (struct strbuf)STRBUF_INIT;
	c.res = (struct exec_result)EXEC_RESULT_INIT;
	c.cleanup_log = (struct strbuf)STRBUF_INIT;
	batch_start(&sh);
	if (transport_empty_dir(&run->host->conn, bundle.buf) == 0 &&
	    measure_script(&c, m->seconds, &sh) == 0) {
		strvec_pushv(&argv,
			     (const char *const[]){"sh", "-c", sh.buf, "sh", run->out_dir, NULL});
		if (c.rt->ops->start_argv(&c, &argv) == 0)
			ret = step_exec(&c, rd, dir, IDLE_MEMORY_STEP, &argv,
					m->seconds + run->app->timeout, started_at);
	}
	settle(m, &c.res, ret);
	c.rt->ops->stop(&c);
	strbuf_addbuf(&run->cleanup_log, &c.cleanup_log);
	run->cleanup_seconds += c.cleanup_seconds;
	if (c.res.interrupted)
		run->res.interrupted = 1;
	strbuf_release(&c.command);
	exec_result_release(&c.res);
	strbuf_release(&c.cleanup_log);
	strbuf_release(&id);
	strbuf_release(&bundle);
	strbuf_release(&sh);
	strvec_clear(&argv);
}

/* What the lines said so far. */
struct tally {
	int cgroup, usage_lines, processes, ended;
	double usage, outside_kb;
	unsigned long long *outside; /* PIDs counted, each once */
	size_t nr_outside, alloc_outside;
};

static int fail(struct strbuf *why, const char *reason)
{
	strbuf_addstr(why, reason);
	return -1;
}

static int whole(const char *text, unsigned long long *v)
{
	char *end;

	if (!text || *text < '0' || *text > '9')
		return -1;
	errno = 0;
	*v = strtoull(text, &end, 10);
	return errno || *end ? -1 : 0;
}

static int counted(const struct tally *t, unsigned long long pid)
{
	for (size_t i = 0; i < t->nr_outside; i++)
		if (t->outside[i] == pid)
			return 1;
	return 0;
}

/* "process PID in|out PSS_KB NAME": the first is the container's, so inside. */
static int process_line(struct tally *t, char **save, struct strbuf *why)
{
	const char *where;
	unsigned long long pid, kb;

	if (whole(strtok_r(NULL, " ", save), &pid) < 0 || !pid)
		return fail(why, "no PID");
	where = strtok_r(NULL, " ", save);
	if (!where || (strcmp(where, "in") && strcmp(where, "out")))
		return fail(why, "neither \"in\" nor \"out\"");
	if (whole(strtok_r(NULL, " ", save), &kb) < 0)
		return fail(why, "no PSS in kB");
	if (!t->processes++ && strcmp(where, "in"))
		return fail(why, "the container's first process is outside its cgroup");
	if (!strcmp(where, "out") && !counted(t, pid)) {
		ALLOC_GROW(t->outside, t->nr_outside + 1, t->alloc_outside);
		t->outside[t->nr_outside++] = pid;
		t->outside_kb += (double)kb;
	}
	return 0;
}

static int parse_line(struct tally *t, char *line, struct strbuf *why)
{
	char *save = NULL, *kind = strtok_r(line, " ", &save), *word;
	unsigned long long n;

	if (t->ended)
		return fail(why, "text after the \"end\" line");
	if (!kind)
		return fail(why, "an empty line");
	if (!strcmp(kind, "end")) {
		t->ended = 1;
		return 0;
	}
	if (!strcmp(kind, "memory.stat") || !strcmp(kind, "kmem_usage_bytes") ||
	    !strcmp(kind, "member"))
		return 0; /* for the record */
	if (!strcmp(kind, "process"))
		return process_line(t, &save, why);
	word = strtok_r(NULL, " ", &save);
	if (!strcmp(kind, "cgroup")) {
		char *path = strtok_r(NULL, " ", &save);
		if (!word || (strcmp(word, "v1") && strcmp(word, "v2")) || !path || *path != '/')
			return fail(why, "not \"cgroup v1|v2 PATH\"");
		t->cgroup++;
		return 0;
	}
	if (!strcmp(kind, "cgroup_usage_bytes")) {
		if (whole(word, &n) < 0 || strtok_r(NULL, " ", &save))
			return fail(why, "the usage is not a whole number");
		t->usage = (double)n;
		t->usage_lines++;
		return 0;
	}
	strbuf_addf(why, "unexpected \"%s\"", kind);
	return -1;
}

/* After the last line: every part there, once. */
static int complete(const struct tally *t, struct strbuf *why)
{
	if (!t->ended)
		strbuf_addstr(why, "no \"end\" line: the output was cut short");
	else if (t->cgroup != 1 || t->usage_lines != 1)
		strbuf_addstr(why,
			      "not exactly one \"cgroup\" and one \"cgroup_usage_bytes\" line");
	else if (!t->processes)
		strbuf_addstr(why, "no \"process\" line");
	else
		return 0;
	return -1;
}

int idle_memory_parse(const char *text, double *bytes, struct strbuf *why)
{
	struct tally t = {0};
	struct strbuf line = STRBUF_INIT, reason = STRBUF_INIT;
	int nr = 0, bad = 0, ok = 0;

	for (const char *p = text; *p && !bad;) {
		const char *nl = strchr(p, '\n');
		nr++;
		strbuf_reset(&line);
		strbuf_add(&line, p, nl ? (size_t)(nl - p) : strlen(p));
		p += line.len + (nl != NULL);
		if (!nl ? fail(&reason, "cut short") : parse_line(&t, line.buf, &reason))
			bad = nr;
	}
	if (bad)
		strbuf_addf(why, "idle-memory output line %d: %s", bad, reason.buf);
	else if (complete(&t, &reason) < 0)
		strbuf_addf(why, "idle-memory output: %s", reason.buf);
	else {
		*bytes = t.usage + t.outside_kb * 1024;
		ok = 1;
	}
	free(t.outside);
	strbuf_release(&line);
	strbuf_release(&reason);
	return ok ? 0 : -1;
}

void idle_memory_release(struct idle_memory *m)
{
	strbuf_release(&m->why);
}
