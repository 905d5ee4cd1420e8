/* The transport table: adding a transport is one file and one line here. */
#include "orchestrator/transport/transport.h"
#include "common/error.h"
#include "common/plugin.h"

#include <string.h>

extern const struct transport_ops transport_local;
extern const struct transport_ops transport_ssh;

const struct transport_ops *const transport_table[] = {
	&transport_local,
	&transport_ssh,
	NULL,
};

const struct transport_ops *transport_find(const char *name)
{
	return plugin_find(transport_table, name);
}

void exec_result_release(struct exec_result *r)
{
	strbuf_release(&r->out);
	strbuf_release(&r->err);
}

int transport_sh(struct host_conn *h, const char *script, double timeout, struct exec_result *res)
{
	const char *argv[] = {"sh", "-c", script, NULL};
	struct exec_request req = {.argv = argv, .timeout = timeout};
	return h->ops->exec(h, &req, res);
}

/* Runs `sh -c SCRIPT sh ARG...`; the arguments reach the shell unquoted as $1, $2. */
static int run_script(struct host_conn *h, const char *step, const char *script,
		      const char *const *args, struct exec_result *res)
{
	struct strvec argv = STRVEC_INIT;
	struct exec_request req = {.timeout = 60};
	int ret = 0;

	strvec_pushv(&argv, (const char *const[]){"sh", "-c", script, "sh", NULL});
	strvec_pushv(&argv, args);
	req.argv = strvec_argv(&argv);
	if (h->ops->exec(h, &req, res) < 0 || res->exit_status)
		ret = error("host %s: step %s: %s", h->name, step,
			    res->err.len ? res->err.buf : "command failed");
	strvec_clear(&argv);
	return ret;
}

int transport_empty_dir(struct host_conn *h, const char *path)
{
	struct exec_result res = EXEC_RESULT_INIT;
	int ret;

	if (h->ops->empty_dir)
		return h->ops->empty_dir(h, path);
	ret = run_script(h, "prepare", "rm -rf \"$1\" && mkdir -p \"$1\"",
			 (const char *const[]){path, NULL}, &res);
	exec_result_release(&res);
	return ret;
}

int transport_list_files(struct host_conn *h, const char *dir, struct strvec *names)
{
	struct exec_result res = EXEC_RESULT_INIT;
	char *save = NULL;
	int ret;

	if (h->ops->list_files)
		return h->ops->list_files(h, dir, names);
	ret = run_script(h, "fetch", "find \"$1\" -maxdepth 1 -type f -printf '%f\\n'",
			 (const char *const[]){dir, NULL}, &res);
	for (char *f = strtok_r(res.out.buf, "\n", &save); !ret && f;
	     f = strtok_r(NULL, "\n", &save))
		strvec_push(names, f);
	exec_result_release(&res);
	return ret;
}
