/*
 * stress-ng: one or more stressors ("cpu" or "cpu,vm"), each with N
 * workers, run together for a fixed time; the headline figure of each is
 * bogo operations per second of wall-clock time, read from the
 * machine-readable file written by `--yaml`.
 */
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/yamldoc.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/workload/output.h"

#include <math.h>
#include <string.h>

#define RESULT_FILE "stress-ng.yaml"

static const char *const stressors[] = {"cpu",	  "vm",	  "io",	   "hdd",   "matrix", "memcpy",
					"switch", "fork", "pipe",  "cache", "stream", "malloc",
					"sock",	  "udp",  "futex", "mmap",  NULL};

static const struct param_decl params[] = {
	{"stressor", PARAM_LIST, "cpu", 0, 0, stressors,
	 "stress-ng stressor to run, or several run together: \"cpu,vm\""},
	{"workers", PARAM_INT, "1", 1, 1024, NULL, "number of instances of each stressor"},
	{"duration", PARAM_DURATION, "5s", 1, 86400, NULL, "how long each repetition runs"},
	{"vm_bytes", PARAM_SIZE, "0", 0, 0, NULL,
	 "memory per vm worker (--vm-bytes); 0: stress-ng's default"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static const struct param_override quick[] = {
	{"duration", "1s"},
	{NULL, NULL},
};

/* One metric per stressor: STRESSOR_bogo_ops_per_s. */
#define METRIC_SUFFIX "_bogo_ops_per_s"
static const struct output_metric metrics[] = {
	{"{stressor}" METRIC_SUFFIX, "bogo-ops-per-second-real-time", "bogo-ops/s", "higher",
	 "bogo operations per second of wall-clock time, per stressor"},
	{NULL, NULL, NULL, NULL, NULL},
};

static double estimate(const struct params *p)
{
	return params_number(p, "duration");
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	struct strvec list = STRVEC_INIT;
	int uses_vm = 0;

	strvec_push(argv, "stress-ng");
	params_list(p, "stressor", &list);
	for (size_t i = 0; i < list.nr; i++) {
		strvec_pushf(argv, "--%s", list.v[i]);
		strvec_pushf(argv, "%d", (int)params_number(p, "workers"));
		uses_vm |= !strcmp(list.v[i], "vm");
	}
	if (uses_vm && params_number(p, "vm_bytes") > 0)
		strvec_pushf(argv, "--vm-bytes=%.0f", params_number(p, "vm_bytes"));
	strvec_pushf(argv, "--timeout=%ds", (int)ceil(params_number(p, "duration")));
	strvec_push(argv, "--metrics-brief");
	strvec_pushf(argv, "--yaml=%s/" RESULT_FILE, outdir);
	strvec_clear(&list);
}

static int metric_from(yaml_document_t *doc, yaml_node_t *entry, const char *stressor,
		       double *value, struct strbuf *why)
{
	const char *text =
		yamldoc_scalar(yamldoc_map_get(doc, entry, "bogo-ops-per-second-real-time"));

	if (!text) {
		strbuf_addf(why, RESULT_FILE ": %s: no bogo-ops-per-second-real-time", stressor);
		return -1;
	}
	if (output_number(text, value) < 0 || *value < 0) {
		strbuf_addf(why, RESULT_FILE ": %s: bogo-ops-per-second-real-time is \"%s\"",
			    stressor, text);
		return -1;
	}
	return 0;
}

static int find_stressor(yaml_document_t *doc, const char *stressor, double *value,
			 struct strbuf *why)
{
	yaml_node_t *list = yamldoc_map_get(doc, yamldoc_root(doc), "metrics");

	if (!list || list->type != YAML_SEQUENCE_NODE) {
		strbuf_addstr(why, RESULT_FILE ": no metrics list (did stress-ng finish?)");
		return -1;
	}
	for (yaml_node_item_t *it = list->data.sequence.items.start;
	     it < list->data.sequence.items.top; it++) {
		yaml_node_t *entry = yaml_document_get_node(doc, *it);
		const char *name = yamldoc_scalar(yamldoc_map_get(doc, entry, "stressor"));
		if (name && !strcmp(name, stressor))
			return metric_from(doc, entry, stressor, value, why);
	}
	strbuf_addf(why, RESULT_FILE ": no metrics for stressor \"%s\"", stressor);
	return -1;
}

static int set_metrics(const struct params *p, yaml_document_t *doc, struct metric_list *out,
		       struct strbuf *why)
{
	struct strvec list = STRVEC_INIT;
	struct strbuf name = STRBUF_INIT;
	double value;
	int ret = 0;

	params_list(p, "stressor", &list);
	for (size_t i = 0; i < list.nr && !ret; i++) {
		ret = find_stressor(doc, list.v[i], &value, why);
		strbuf_reset(&name);
		strbuf_addf(&name, "%s" METRIC_SUFFIX, list.v[i]);
		if (!ret)
			ret = metric_list_set(out, name.buf, value);
	}
	strbuf_release(&name);
	strvec_clear(&list);
	return ret;
}

static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	yaml_document_t doc;
	int ret = -1;

	(void)stdout_text;
	if (output_read(rep_dir, RESULT_FILE, &text, why) < 0)
		goto out;
	if (yamldoc_load(&doc, text.buf, text.len, why) < 0)
		goto out;
	ret = set_metrics(p, &doc, out, why);
	yaml_document_delete(&doc);
out:
	strbuf_release(&text);
	return ret;
}

static const char *const programs[] = {"stress-ng", NULL};

const struct workload_ops workload_stress_ng = {
	.name = "stress-ng",
	.summary = "stress-ng stressors; bogo operations per second of each",
	.params = params,
	.quick = quick,
	.programs = programs,
	.version_command = "stress-ng --version",
	.metrics = metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.parse = parse,
};
