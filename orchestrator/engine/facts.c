#include "orchestrator/engine/facts.h"
#include "common/error.h"
#include "common/quote.h"
#include "common/script.h"
#include "common/timeutil.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/host/crbench.h"
#include "orchestrator/workload/workload.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

SCRIPT(facts);
SCRIPT(program_versions);

static void add_key_values(json_t *facts, const char *text)
{
	const char *line = text;

	while (*line) {
		const char *nl = strchrnul(line, '\n'),
			   *eq = memchr(line, '=', (size_t)(nl - line));
		if (eq) {
			char *key = strndup(line, (size_t)(eq - line));
			char *value = strndup(eq + 1, (size_t)(nl - eq - 1));
			if (!strcmp(key, "cpus") || !strcmp(key, "memory_kib"))
				json_object_set_new(facts, key, json_integer(atoll(value)));
			else
				json_object_set_new(facts, key, json_string(value));
			free(key);
			free(value);
		}
		line = *nl ? nl + 1 : nl;
	}
}

static void add_runtime_versions(json_t *facts, struct host_state *h, const struct experiment *exp)
{
	json_t *versions = json_object();

	for (size_t i = 0; i < exp->nr_runtimes; i++) {
		const struct spec_runtime *rt = &exp->runtimes[i];
		struct container_run probe = {.host = h, .rt = rt};
		struct strbuf v = STRBUF_INIT;
		if (rt->ops->version && rt->ops->version(&probe, &v) == 0)
			json_object_set_new(versions, rt->name, json_string(v.buf));
		else
			json_object_set_new(versions, rt->name, json_string("not found"));
		strbuf_release(&v);
	}
	json_object_set_new(facts, "runtimes", versions);
}

/* The crbench that a workload's crbench_step runs there, if any does. */
static void add_crbench_version(json_t *versions, struct host_state *h,
				const struct experiment *exp)
{
	const struct spec_application *app = experiment_crbench_app(exp);
	struct strbuf version = STRBUF_INIT, why = STRBUF_INIT;

	if (app && host_crbench_check(h, app, &version, &why) == 0)
		json_object_set_new(versions, WORKLOAD_CRBENCH, json_string(version.buf));
	else if (app)
		json_object_set_new(versions, WORKLOAD_CRBENCH, json_string("not found"));
	strbuf_release(&version);
	strbuf_release(&why);
}

static void add_tool_versions(json_t *facts, struct host_state *h, const struct experiment *exp)
{
	json_t *versions = json_object();

	for (size_t i = 0; i < exp->nr_apps; i++) {
		const struct workload_ops *w = exp->apps[i].ops;
		struct exec_result res = EXEC_RESULT_INIT;
		if (!w->version_command || json_object_get(versions, w->name))
			continue;
		if (transport_sh(&h->conn, w->version_command, 30, &res) == 0 && !res.exit_status) {
			strbuf_trim_trailing_newline(&res.out);
			json_object_set_new(versions, w->name, json_string(res.out.buf));
		} else {
			json_object_set_new(versions, w->name, json_string("not found"));
		}
		exec_result_release(&res);
	}
	add_crbench_version(versions, h, exp);
	json_object_set_new(facts, "tools", versions);
}

json_t *host_facts_collect(struct host_state *h, const struct experiment *exp)
{
	struct exec_result res = EXEC_RESULT_INIT;
	char when[32];
	json_t *facts;

	if (transport_sh(&h->conn, script_facts, 60, &res) < 0 || res.exit_status != 0) {
		error("host %s: step facts: exit %d: %s", h->spec->name, res.exit_status,
		      res.err.buf);
		exec_result_release(&res);
		return NULL;
	}
	utc_iso8601(when, time(NULL));
	facts = json_pack("{s:s, s:s, s:s, s:s}", "host", h->spec->name, "transport",
			  h->spec->transport, "host_type", h->spec->host_type, "collected_at",
			  when);
	add_key_values(facts, res.out.buf);
	exec_result_release(&res);
	add_runtime_versions(facts, h, exp);
	add_tool_versions(facts, h, exp);
	return facts;
}

/* A plug-in's programs (NULL: none), each program once in `programs`. */
static void add_programs(struct strvec *programs, const char *const *list)
{
	for (; list && *list; list++)
		if (!strvec_has(programs, *list))
			strvec_push(programs, *list);
}

static void probe_calls(struct strbuf *script, const struct strvec *programs)
{
	for (size_t i = 0; i < programs->nr; i++) {
		strbuf_addstr(script, "v ");
		sq_quote_buf(script, programs->v[i]);
		strbuf_addch(script, '\n');
	}
}

/* {NAME: version} of each program, NAME its last component. */
static json_t *pick(json_t *all, const struct strvec *programs)
{
	json_t *out = json_object();

	for (size_t i = 0; i < programs->nr; i++) {
		const char *slash = strrchr(programs->v[i], '/');
		const char *name = slash ? slash + 1 : programs->v[i];
		json_t *v = json_object_get(all, name);
		json_object_set_new(out, name, v ? json_incref(v) : json_string("not found"));
	}
	return out;
}

json_t *host_probe_software(struct host_state *h)
{
	struct strbuf script = STRBUF_INIT;
	struct strvec runtimes = STRVEC_INIT, tools = STRVEC_INIT;
	struct exec_result res = EXEC_RESULT_INIT;
	json_t *all = NULL, *out = NULL;

	for (size_t i = 0; driver_table[i]; i++)
		add_programs(&runtimes, driver_table[i]->programs);
	for (size_t i = 0; workload_table[i]; i++)
		add_programs(&tools, workload_table[i]->programs);
	strbuf_addstr(&script, script_program_versions);
	probe_calls(&script, &runtimes);
	probe_calls(&script, &tools);
	if (transport_sh(&h->conn, script.buf, 60, &res) < 0 || res.exit_status != 0) {
		error("host %s: step probe: exit %d: %s", h->spec->name, res.exit_status,
		      res.err.buf);
	} else {
		all = json_object();
		add_key_values(all, res.out.buf);
		out = json_pack("{s:o, s:o}", "runtimes", pick(all, &runtimes), "tools",
				pick(all, &tools));
		json_decref(all);
	}
	strbuf_release(&script);
	strvec_clear(&runtimes);
	strvec_clear(&tools);
	exec_result_release(&res);
	return out;
}
