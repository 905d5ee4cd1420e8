/*
 * A repetition's steps (step.h): run one command on the host and keep
 * everything about it under raw/<cell>/<rep>/<step>/.
 */
#include "orchestrator/engine/step.h"
#include "common/error.h"
#include "common/quote.h"
#include "common/script.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/engine/rundir.h"
#include "orchestrator/transport/transport.h"

#include <stdio.h>

void step_failure_word(const struct exec_result *res, int started, char out[32])
{
	if (res->interrupted)
		snprintf(out, 32, "interrupted");
	else if (!started)
		snprintf(out, 32, "deploy-error");
	else if (res->timed_out)
		snprintf(out, 32, "timeout");
	else if (res->exit_signal)
		snprintf(out, 32, "signal-%d", res->exit_signal);
	else if (res->exit_status)
		snprintf(out, 32, "exit-%d", res->exit_status);
	else
		snprintf(out, 32, "ok");
}

int step_write_raw(const struct rundir *rd, const char *dir, const char *name, const char *data,
		   size_t len)
{
	struct strbuf path = STRBUF_INIT;
	int ret;

	strbuf_addf(&path, "%s/%s", dir, name);
	ret = rundir_write(rd, path.buf, data, len);
	strbuf_release(&path);
	return ret;
}

/* One step's file of raw/<cell>/<rep>/<step>/. */
static int write_step_file(const struct rundir *rd, const char *dir, const char *step,
			   const char *name, const char *data, size_t len)
{
	struct strbuf rel = STRBUF_INIT;
	int ret;

	strbuf_addf(&rel, "%s/%s", step, name);
	ret = step_write_raw(rd, dir, rel.buf, data, len);
	strbuf_release(&rel);
	return ret;
}

int step_write(const struct rundir *rd, const char *dir, const char *step,
	       const struct strbuf *command, const struct exec_result *res, double timeout,
	       const char *started_at)
{
	struct strbuf text = STRBUF_INIT, path = STRBUF_INIT;
	json_t *timings;
	int ret = 0;

	strbuf_addf(&text, "%s\n", command->buf);
	ret |= write_step_file(rd, dir, step, "command", text.buf, text.len);
	ret |= write_step_file(rd, dir, step, "stdout", res->out.buf, res->out.len);
	ret |= write_step_file(rd, dir, step, "stderr", res->err.buf, res->err.len);
	strbuf_reset(&text);
	strbuf_addf(&text, "%d\n", res->exit_signal ? 128 + res->exit_signal : res->exit_status);
	ret |= write_step_file(rd, dir, step, "exit_status", text.buf, text.len);
	timings = json_pack("{s:s, s:f, s:f, s:b, s:b, s:i, s:i}", "started_at", started_at,
			    "wall_seconds", res->seconds, "timeout_seconds", timeout, "timed_out",
			    res->timed_out, "interrupted", res->interrupted, "exit_status",
			    res->exit_status, "exit_signal", res->exit_signal);
	strbuf_addf(&path, "%s/%s/timings.json", dir, step);
	ret |= rundir_write_json(rd, path.buf, timings);
	json_decref(timings);
	strbuf_release(&text);
	strbuf_release(&path);
	return ret ? -1 : 0;
}

int step_exec(struct container_run *run, const struct rundir *rd, const char *dir, const char *name,
	      const struct strvec *argv, double timeout, const char *started_at)
{
	struct exec_request req = {
		.argv = (const char *const *)argv->v, .timeout = timeout, .interruptible = 1};
	int ret;

	strbuf_reset(&run->command);
	sq_quote_argv(&run->command, (const char *const *)argv->v);
	exec_result_release(&run->res);
	ret = run->host->conn.ops->exec(&run->host->conn, &req, &run->res);
	if (step_write(rd, dir, name, &run->command, &run->res, timeout, started_at) < 0)
		error("cannot record step %s in %s", name, dir);
	return ret < 0 || run->res.exit_status || run->res.exit_signal || run->res.interrupted ? -1
											       : 0;
}

void step_stderr_tail(struct strbuf *out, const struct strbuf *err)
{
	const char *p = err->buf + err->len;
	int lines = 0;

	while (p > err->buf && lines < 3)
		if (*--p == '\n' && p + 1 < err->buf + err->len)
			lines++;
	strbuf_addstr(out, p == err->buf ? p : p + 1);
	strbuf_rtrim(out);
}

SCRIPT(start_detached);

void step_start_detached(struct strbuf *sh)
{
	strbuf_addf(sh, "START_FAILED=%d\n", STEP_START_FAILED);
	strbuf_addstr(sh, script_start_detached);
}
