/*
 * The applications of an experiment: a workload of the workload table,
 * its parameters checked against the workload's declarations, and the
 * limits and timeouts it runs under (the experiment's, unless it says).
 */
#include "spec/applications.h"
#include "common/strbuf.h"
#include "common/plugin.h"
#include "orchestrator/workload/workload.h"

#include <stddef.h>

/* limits: the experiment's, and an application's overrides */
static const struct key limit_keys[] = {
	KEY("cpus", SCALAR, "a number", OPTIONAL, set_number, AT(struct spec_limits, cpus)),
	KEY("memory", SCALAR, "a size", OPTIONAL, set_size, AT(struct spec_limits, memory_bytes)),
	END_OF_KEYS,
};

const struct section limits_section = {.noun = "limits", .keys = limit_keys};

/* per-step timeouts: the experiment's, and an application's overrides */
static const struct key timeout_keys[] = {
	KEY("run", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, run)),
	KEY("deploy", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, deploy)),
	KEY("setup", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, setup)),
	KEY("client", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_step_timeouts, client)),
	END_OF_KEYS,
};

const struct section timeouts_section = {.noun = "timeouts", .keys = timeout_keys};

static void set_workload(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct spec_application *app = obj;
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	app->ops = workload_find(text);
	if (!app->ops) {
		plugin_names(workload_table, &known);
		schema_report_unknown(ld, v, "workload", text, &known, 1);
		strvec_clear(&known);
	}
	set_string(ld, v, obj, k);
}

/* One declared parameter: the value given in `params`, or the default. */
static void resolve_param(struct loader *ld, struct spec_application *app,
			  const struct param_decl *d, yaml_node_t *params, yaml_node_t *app_map)
{
	yaml_node_t *v = params ? yamldoc_map_get(ld->doc, params, d->name) : NULL;
	struct strbuf why = STRBUF_INIT;
	const char *text = v ? yamldoc_scalar(v) : d->default_value;
	double number;

	if (v && !text)
		schema_report(ld, v, "expected a single value for parameter \"%s\", not %s",
			      d->name, yamldoc_kind(v));
	else if (!text)
		schema_report(ld, params ? params : app_map,
			      "missing required parameter \"%s\" of workload \"%s\"", d->name,
			      app->ops->name);
	else if (param_parse(d, text, &number, &why) < 0)
		schema_report(ld, v ? v : app_map, "%s", why.buf);
	else
		params_set(&app->params, d->name, text, number);
	strbuf_release(&why);
}

int app_params_complete(const struct spec_application *app)
{
	size_t n = 0;

	if (!app->ops)
		return 0;
	while (app->ops->params && app->ops->params[n].name)
		n++;
	return app->params.nr == n;
}

/* The workload's own check, once every parameter has a valid value. */
static void check_workload_params(struct loader *ld, struct spec_application *app,
				  yaml_node_t *params, yaml_node_t *app_map)
{
	struct strbuf why = STRBUF_INIT;
	const char *name = NULL;
	yaml_node_t *v;

	if (!app->ops->check_params || !app_params_complete(app))
		return;
	if (app->ops->check_params(&app->params, &name, &why) < 0) {
		v = params && name ? yamldoc_map_get(ld->doc, params, name) : NULL;
		schema_report(ld, v ? v : app_map, "%s", why.buf);
	}
	strbuf_release(&why);
}

/* `params` is checked against the workload's table, known once the walk is done. */
static void app_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	struct spec_application *app = obj;
	yaml_node_t *params = yamldoc_map_get(ld->doc, map, "params");
	struct strvec known = STRVEC_INIT;

	if (!app->ops || !app->ops->params || (params && params->type != YAML_MAPPING_NODE))
		return; /* reported already */
	for (const struct param_decl *d = app->ops->params; d->name; d++)
		strvec_push(&known, d->name);
	if (params)
		schema_check_keys(ld, params, &known, "parameter");
	strvec_clear(&known);
	for (const struct param_decl *d = app->ops->params; d->name; d++)
		resolve_param(ld, app, d, params, map);
	check_workload_params(ld, app, params, map);
}

/* What an application does not say, it takes from the experiment. */
static void app_init(struct loader *ld, void *obj)
{
	struct spec_application *app = obj;

	app->limits = ld->exp->limits;
	app->timeout = ld->exp->timeout;
	app->timeouts = ld->exp->timeouts;
	app->idle = ld->exp->idle;
}

static const struct key app_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct spec_application, name)),
	KEY("workload", SCALAR, "a workload name", REQUIRED, set_workload,
	    AT(struct spec_application, workload)),
	/* no setter: app_finish() checks params once the workload is known */
	KEY("params", MAP, "a mapping of parameters", OPTIONAL, NULL, 0),
	{"limits", MAP, "a mapping (cpus, memory)", OPTIONAL, set_section,
	 AT(struct spec_application, limits), 0, 0, &limits_section},
	KEY("timeout", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_application, timeout)),
	{"timeouts", MAP, "a mapping (run, deploy, setup, client)", OPTIONAL, set_section,
	 AT(struct spec_application, timeouts), 0, 0, &timeouts_section},
	KEY("idle", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct spec_application, idle)),
	END_OF_KEYS,
};

static const struct section app_section = {
	.noun = "application",
	.keys = app_keys,
	.init = app_init,
	.finish = app_finish,
	.size = sizeof(struct spec_application),
	.name_off = offsetof(struct spec_application, name),
	.pos_off = offsetof(struct spec_application, pos),
};

void set_apps(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->apps = schema_walk_list(ld, v, &app_section, &exp->nr_apps);
}
