/*
 * The experiment-file loader: the experiment's own keys, walked along its
 * table (schema.h) with one file per section of the file (hosts, runtimes,
 * applications, exclude, figures). Aliases are refused
 * (yamldoc_load_strict): with them a node could be reached twice or in a
 * cycle, and an experiment has no need for them.
 */
#include "spec/load.h"
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "spec/applications.h"
#include "spec/excludes.h"
#include "spec/figures.h"
#include "spec/host_file.h"
#include "spec/hosts.h"
#include "spec/runtimes.h"
#include "spec/setters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEFAULT_SEED	    1
#define DEFAULT_REPETITIONS 5
#define DEFAULT_TIMEOUT	    600.0
#define DEFAULT_RETRIES	    2
#define DEFAULT_BACKOFF	    5.0
#define DEFAULT_IDLE	    10.0
#define MAX_REPETITIONS	    100000
#define DEFAULT_METRICS	    (METRIC_DEPLOY_TIME | METRIC_PERFORMANCE)

/* `inventory: FILE`: the hosts come from an inventory file (YAML or Ansible INI). */
static void set_inventory(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;
	char *path = path_beside(ld->file, yamldoc_scalar(v));

	(void)k;
	if (exp->hosts) {
		schema_report(ld, v, "give \"hosts\" or \"inventory\", not both");
	} else if (spec_load_hosts(path, &exp->hosts, &exp->nr_hosts) < 0) {
		schema_report(ld, v, "cannot load inventory \"%s\" (its problems are listed above)",
			      path);
	} else {
		for (size_t i = 0; i < exp->nr_hosts; i++)
			if (!exp->hosts[i].ssh_config && ld->ssh_config &&
			    !strcmp(exp->hosts[i].transport, "ssh"))
				exp->hosts[i].ssh_config = xstrdup(ld->ssh_config);
	}
	free(path);
}

static enum spec_metric metric_by_name(const char *name)
{
	for (unsigned m = METRIC_DEPLOY_TIME; m <= METRIC_IDLE_MEMORY; m <<= 1)
		if (!strcmp(spec_metric_name(m), name))
			return m;
	return 0;
}

static void add_metric(struct loader *ld, yaml_node_t *item, struct experiment *exp)
{
	const char *name = yamldoc_scalar(item);
	enum spec_metric m = name ? metric_by_name(name) : 0;
	struct strvec known = STRVEC_INIT;

	if (!name) {
		schema_report(ld, item, "expected a metric name, not %s", yamldoc_kind(item));
	} else if (!m) {
		for (unsigned i = METRIC_DEPLOY_TIME; i <= METRIC_IDLE_MEMORY; i <<= 1)
			strvec_push(&known, spec_metric_name(i));
		schema_report_unknown(ld, item, "metric", name, &known, 1);
	} else if (exp->metrics & m) {
		schema_report(ld, item, "metric \"%s\" is listed twice", name);
	}
	if (m)
		exp->metrics |= m;
	strvec_clear(&known);
}

static void set_metrics(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;

	(void)k;
	exp->metrics = 0;
	if (v->data.sequence.items.start == v->data.sequence.items.top)
		schema_report(ld, v, "expected at least one metric");
	for (yaml_node_item_t *it = v->data.sequence.items.start; it < v->data.sequence.items.top;
	     it++)
		add_metric(ld, schema_node(ld, *it), exp);
}

static void set_baseline(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	struct experiment *exp = obj;
	const char *text = yamldoc_scalar(v);
	struct strvec known = STRVEC_INIT;

	for (size_t i = 0; i < exp->nr_runtimes; i++)
		if (exp->runtimes[i].name)
			strvec_push(&known, exp->runtimes[i].name);
	/* without runtimes (an error already) there is nothing to compare with */
	if (known.nr && !strvec_has(&known, text)) {
		struct strbuf hint = STRBUF_INIT;
		schema_add_known(&hint, &known);
		schema_report(ld, v, "baseline \"%s\" is not one of the runtimes (%s)", text,
			      hint.buf);
		strbuf_release(&hint);
	}
	strvec_clear(&known);
	set_string(ld, v, obj, k);
}

static void set_order(struct loader *ld, yaml_node_t *v, void *obj, const struct key *k)
{
	int i = schema_one_of_two(ld, v, k->name, spec_order_name(ORDER_RANDOMIZED),
				  spec_order_name(ORDER_SEQUENTIAL));

	if (i >= 0)
		((struct experiment *)obj)->order = i ? ORDER_SEQUENTIAL : ORDER_RANDOMIZED;
}

static void experiment_init(struct experiment *exp)
{
	exp->description = xstrdup("");
	exp->seed = DEFAULT_SEED;
	exp->repetitions = DEFAULT_REPETITIONS;
	exp->timeout = DEFAULT_TIMEOUT;
	exp->retries = DEFAULT_RETRIES;
	exp->retry_backoff = DEFAULT_BACKOFF;
	exp->idle = DEFAULT_IDLE;
	exp->metrics = DEFAULT_METRICS; /* set before `figures` are checked against it */
}

/* Defaults that depend on what the file says (or leaves out). */
static void experiment_finish(struct loader *ld, yaml_node_t *map, void *obj)
{
	struct experiment *exp = obj;

	if (!yamldoc_map_get(ld->doc, map, "hosts") &&
	    !yamldoc_map_get(ld->doc, map, "inventory")) {
		hosts_add_local(ld, exp);
	}
	if (!exp->baseline && exp->nr_runtimes && exp->runtimes[0].name)
		exp->baseline = xstrdup(exp->runtimes[0].name);
	if (!exp->figures_declared)
		spec_default_figures(exp);
}

/*
 * Table order matters: applications inherit limits, timeout and idle; baseline
 * names a runtime; hosts take ssh_config as their default.
 */
static const struct key experiment_keys[] = {
	KEY("name", SCALAR, "a name", REQUIRED, set_name, AT(struct experiment, name)),
	KEY("description", SCALAR, "a string", OPTIONAL, set_string,
	    AT(struct experiment, description)),
	KEY("seed", SCALAR, "a whole number", OPTIONAL, set_ulong, AT(struct experiment, seed)),
	{"repetitions", SCALAR, "a whole number", OPTIONAL, set_int,
	 AT(struct experiment, repetitions), 1, MAX_REPETITIONS, NULL},
	KEY("ssh_config", SCALAR, "a file", OPTIONAL, set_ssh_config, 0),
	KEY("hosts", LIST, "a list of hosts", OPTIONAL, set_hosts, 0),
	KEY("inventory", SCALAR, "an inventory file", OPTIONAL, set_inventory, 0),
	{"limits", MAP, "a mapping (cpus, memory)", OPTIONAL, set_section,
	 AT(struct experiment, limits), 0, 0, &limits_section},
	KEY("timeout", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct experiment, timeout)),
	{"timeouts", MAP, "a mapping (run, deploy, setup, client)", OPTIONAL, set_section,
	 AT(struct experiment, timeouts), 0, 0, &timeouts_section},
	KEY("idle", SCALAR, "a duration", OPTIONAL, set_duration, AT(struct experiment, idle)),
	KEY("runtimes", LIST, "a list of runtimes", REQUIRED, set_runtimes, 0),
	KEY("applications", LIST, "a list of applications", REQUIRED, set_apps, 0),
	KEY("exclude", LIST, "a list of combinations", OPTIONAL, set_excludes, 0),
	KEY("metrics", LIST, "a list of metrics", OPTIONAL, set_metrics, 0),
	KEY("baseline", SCALAR, "a runtime name", OPTIONAL, set_baseline,
	    AT(struct experiment, baseline)),
	KEY("order", SCALAR, "randomized or sequential", OPTIONAL, set_order, 0),
	{"warmup", SCALAR, "a whole number", OPTIONAL, set_int, AT(struct experiment, warmup), 0,
	 MAX_REPETITIONS, NULL},
	KEY("pause", SCALAR, "a duration", OPTIONAL, set_duration, AT(struct experiment, pause)),
	{"retries", SCALAR, "a whole number", OPTIONAL, set_int, AT(struct experiment, retries), 0,
	 100, NULL},
	KEY("retry_backoff", SCALAR, "a duration", OPTIONAL, set_duration,
	    AT(struct experiment, retry_backoff)),
	/* last: a figure names a metric of the applications */
	KEY("figures", LIST, "a list of figures", OPTIONAL, set_figures, 0),
	END_OF_KEYS,
};

static const struct section experiment_section = {
	.noun = "experiment",
	.keys = experiment_keys,
	.finish = experiment_finish,
};

static void load_root(struct loader *ld)
{
	yaml_node_t *root = yamldoc_root(ld->doc);

	if (!root) {
		schema_report_at(ld, 1, 1,
				 "the file is empty; an experiment needs at least "
				 "name, runtimes and applications");
		return;
	}
	if (root->type != YAML_MAPPING_NODE) {
		schema_report(ld, root,
			      "expected a mapping (name, runtimes, applications, ...) at the "
			      "top level, not %s",
			      yamldoc_kind(root));
		return;
	}
	experiment_init(ld->exp);
	schema_walk_section(ld, root, &experiment_section, ld->exp);
}

int spec_load(const char *path, struct experiment *exp)
{
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	yaml_document_t doc;
	struct loader ld = {.doc = &doc, .file = path, .exp = exp};
	int ret = -1;

	memset(exp, 0, sizeof(*exp));
	exp->file = xstrdup(path);
	if (read_file(path, &text, READ_LIMIT_CONFIG) < 0)
		goto out;
	if (yamldoc_load_strict(&doc, text.buf, text.len, &why) < 0) {
		fprintf(stderr, "%s:%s\n", path, why.buf);
		goto out;
	}
	load_root(&ld);
	yaml_document_delete(&doc);
	free(ld.ssh_config);
	if (!schema_print_diags(&ld, path))
		ret = 0;
out:
	strbuf_release(&text);
	strbuf_release(&why);
	if (ret < 0)
		spec_free(exp);
	return ret;
}
