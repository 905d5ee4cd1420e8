#include "orchestrator/host/crbench.h"
#include "common/script.h"
#include "common/xalloc.h"
#include "orchestrator/workload/workload.h"

#include <stdlib.h>
#include <string.h>

char *host_crbench(const struct spec_host *spec)
{
	char *self;

	if (spec->crbench)
		return xstrdup(spec->crbench);
	if (!strcmp(spec->transport, "local") && (self = realpath("/proc/self/exe", NULL)))
		return self;
	return xstrdup(WORKLOAD_CRBENCH);
}

const char *app_crbench_step(const struct spec_application *app, struct strvec *argv)
{
	const struct workload_ops *w = app->ops;
	const char *step = w->crbench_step;

	if (step && argv && !strcmp(step, "ready"))
		w->ready_argv(&app->params, argv);
	else if (step && argv && !strcmp(step, "setup"))
		w->setup_argv(&app->params, argv);
	else if (step && argv)
		w->client_argv(&app->params, argv);
	return step;
}

const struct spec_application *experiment_crbench_app(const struct experiment *exp)
{
	for (size_t i = 0; i < exp->nr_apps; i++)
		if (app_crbench_step(&exp->apps[i], NULL))
			return &exp->apps[i];
	return NULL;
}

/* The exit of scripts/crbench_check.sh when there is no such program. */
#define NOT_FOUND     99
#define CHECK_TIMEOUT 30
SCRIPT(crbench_check);

/* Line `n` (0-based) of `text`, without its newline. */
static void nth_line(struct strbuf *out, const char *text, int n)
{
	for (; n > 0; n--) {
		const char *nl = strchr(text, '\n');
		text = nl ? nl + 1 : text + strlen(text);
	}
	strbuf_add(out, text, (size_t)(strchrnul(text, '\n') - text));
}

/* What is wrong with the check's result, or nothing; `version` gets the version line. */
static void judge(const char *program, const struct exec_result *res, struct strbuf *version,
		  struct strbuf *why)
{
	struct strbuf where = STRBUF_INIT, said = STRBUF_INIT;

	nth_line(&where, res->out.buf, 0);
	nth_line(&said, res->out.buf, 1);
	if (res->timed_out)
		strbuf_addf(why, "crbench at %s did not answer --version within %d s", program,
			    CHECK_TIMEOUT);
	else if (res->exit_status == NOT_FOUND && *program == '/')
		strbuf_addf(why, "crbench not found at %s", program);
	else if (res->exit_status == NOT_FOUND)
		strbuf_addf(why, "crbench not found: no \"%s\" in the PATH of the host's commands",
			    program);
	else if (res->exit_status != 0)
		strbuf_addf(why, "crbench at %s does not run (exit %d): %s",
			    where.len ? where.buf : program, res->exit_status, res->err.buf);
	else if (strncmp(said.buf, "crbench ", strlen("crbench ")))
		strbuf_addf(why, "%s is not crbench: its --version printed \"%s\"", where.buf,
			    said.buf);
	else
		strbuf_addbuf(version, &said);
	strbuf_rtrim(why);
	strbuf_release(&where);
	strbuf_release(&said);
}

int host_crbench_check(struct host_state *h, const struct spec_application *app,
		       struct strbuf *version, struct strbuf *why)
{
	char *program = host_crbench(h->spec);
	struct strbuf script = STRBUF_INIT;
	const char *argv[] = {"sh", "-c", NULL, "sh", program, NULL};
	struct exec_request req = {.argv = argv, .timeout = CHECK_TIMEOUT};
	struct exec_result res = EXEC_RESULT_INIT;
	struct strvec step = STRVEC_INIT;
	const char *name = app_crbench_step(app, &step);

	strbuf_addf(&script, "NOT_FOUND=%d\n%s", NOT_FOUND, script_crbench_check);
	argv[2] = script.buf;
	if (h->conn.ops->exec(&h->conn, &req, &res) < 0)
		strbuf_addf(why, "cannot run a command to look for crbench at %s", program);
	else
		judge(program, &res, version, why);
	if (why->len)
		strbuf_addf(
			why,
			": application %s (workload %s) runs `crbench %s` there as its %s step; "
			"install crbench on the host or set `crbench:` in its host entry",
			app->name, app->workload, step.nr > 1 ? step.v[1] : "", name);
	exec_result_release(&res);
	strbuf_release(&script);
	strvec_clear(&step);
	free(program);
	return why->len ? -1 : 0;
}
