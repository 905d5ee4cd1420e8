/*
 * stress-ng: one stressor with N workers for a fixed time; the headline
 * figure is bogo operations per second of wall-clock time, read from the
 * machine-readable file written by `--yaml`.
 */
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "common/yamldoc.h"
#include "orchestrator/workload.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RESULT_FILE "stress-ng.yaml"

static const char *const stressors[] = {"cpu",	  "vm",	  "io",	   "hdd",   "matrix", "memcpy",
					"switch", "fork", "pipe",  "cache", "stream", "malloc",
					"sock",	  "udp",  "futex", "mmap",  NULL};

static const struct param_decl params[] = {
	{"stressor", PARAM_STRING, "cpu", 0, 0, stressors, "stress-ng stressor to run"},
	{"workers", PARAM_INT, "1", 1, 1024, NULL, "number of stressor instances"},
	{"duration", PARAM_DURATION, "5s", 1, 86400, NULL, "how long each repetition runs"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static void metric_name(const struct params *p, struct strbuf *name)
{
	strbuf_addf(name, "%s_bogo_ops_per_s", params_text(p, "stressor"));
}

static void declare_metrics(const struct params *p, struct metric_list *out)
{
	struct strbuf name = STRBUF_INIT;

	metric_name(p, &name);
	metric_list_add(out, name.buf, NAN, "bogo-ops/s", "higher");
	strbuf_release(&name);
}

static double estimate(const struct params *p)
{
	return params_number(p, "duration");
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	strvec_push(argv, "stress-ng");
	strvec_pushf(argv, "--%s", params_text(p, "stressor"));
	strvec_pushf(argv, "%d", (int)params_number(p, "workers"));
	strvec_pushf(argv, "--timeout=%ds", (int)ceil(params_number(p, "duration")));
	strvec_push(argv, "--metrics-brief");
	strvec_pushf(argv, "--yaml=%s/" RESULT_FILE, outdir);
}

static int metric_from(yaml_document_t *doc, yaml_node_t *entry, double *value, struct strbuf *why)
{
	const char *text =
		yamldoc_scalar(yamldoc_map_get(doc, entry, "bogo-ops-per-second-real-time"));
	char *end;

	if (!text) {
		strbuf_addstr(why, RESULT_FILE ": no bogo-ops-per-second-real-time");
		return -1;
	}
	errno = 0;
	*value = strtod(text, &end);
	if (end == text || *end || errno || !isfinite(*value) || *value < 0) {
		strbuf_addf(why, RESULT_FILE ": bogo-ops-per-second-real-time is \"%s\"", text);
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
			return metric_from(doc, entry, value, why);
	}
	strbuf_addf(why, RESULT_FILE ": no metrics for stressor \"%s\"", stressor);
	return -1;
}

static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT, name = STRBUF_INIT;
	const char *stressor = params_text(p, "stressor");
	yaml_document_t doc;
	double value;
	int ret = -1;

	(void)stdout_text;
	strbuf_addf(&path, "%s/" RESULT_FILE, rep_dir);
	if (!file_exists(path.buf)) {
		strbuf_addstr(why, RESULT_FILE " was not written");
		goto out;
	}
	if (read_file(path.buf, &text) < 0) {
		strbuf_addstr(why, "cannot read " RESULT_FILE);
		goto out;
	}
	if (yamldoc_load(&doc, text.buf, text.len, why) < 0)
		goto out;
	ret = find_stressor(&doc, stressor, &value, why);
	yaml_document_delete(&doc);
	if (!ret) {
		metric_name(p, &name);
		ret = metric_list_set(out, name.buf, value);
	}
out:
	strbuf_release(&path);
	strbuf_release(&text);
	strbuf_release(&name);
	return ret;
}

const struct workload_ops workload_stress_ng = {
	.name = "stress-ng",
	.summary = "stress-ng stressors; bogo operations per second",
	.params = params,
	.version_command = "stress-ng --version",
	.declare_metrics = declare_metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.parse = parse,
};
