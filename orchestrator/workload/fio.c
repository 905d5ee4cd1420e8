/*
 * fio: one job of a fixed access pattern for a fixed time. The file lies in
 * the container's output directory (outdir, a bind mount of the host's
 * disk), so the I/O path measured is the runtime's path to a host file, not
 * the container's tmpfs; `--unlink=1` deletes it when the job ends so it
 * does not fill the run directory. fio writes its JSON report into outdir.
 * Per direction that the pattern exercises: IOPS, bandwidth and the
 * completion latency median and 99th percentile.
 */
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/workload/output.h"

#include <string.h>

#define RESULT_FILE "fio.json"
#define DATA_FILE   "fio.data"

static const char *const patterns[] = {"randread", "randwrite", "read", "write", "randrw", NULL};
static const char *const engines[] = {"psync", "libaio", NULL};

static const struct param_decl params[] = {
	{"rw", PARAM_STRING, "randread", 0, 0, patterns, "access pattern"},
	{"bs", PARAM_SIZE, "4k", 512, 64 << 20, NULL, "block size of each I/O"},
	{"size", PARAM_SIZE, "64MiB", 1 << 20, 1e12, NULL, "size of the file"},
	{"runtime", PARAM_DURATION, "5s", 1, 86400, NULL, "how long the job runs (time based)"},
	{"ioengine", PARAM_STRING, "psync", 0, 0, engines, "fio I/O engine"},
	{"direct", PARAM_BOOL, "true", 0, 0, NULL, "O_DIRECT: bypass the page cache"},
	{"iodepth", PARAM_INT, "1", 1, 1024, NULL, "I/Os in flight (libaio; psync has 1)"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static const struct param_override quick[] = {
	{"runtime", "1s"},
	{"size", "16MiB"},
	{NULL, NULL},
};

static const char *const directions[] = {"read", "write", NULL};

/* Whether the pattern does I/O in `direction` ("read" or "write"). */
static int does(const struct params *p, const char *direction)
{
	const char *rw = params_text(p, "rw");

	if (!strcmp(rw, "randrw"))
		return 1;
	return strstr(rw, direction) != NULL;
}

/*
 * Per direction: metric, path below jobs[0].DIRECTION in fio's JSON, unit,
 * better, help. fio gives latencies in ns (clat_ns), we in us.
 */
static const struct output_metric metrics[] = {
	{"read_iops", "iops", "IOPS", "higher", "reads per second (patterns that read)"},
	{"read_bw_bytes_per_s", "bw_bytes", "B/s", "higher", "bytes read per second"},
	{"read_clat_p50_us", "clat_ns/percentile/50.000000", "us", "lower",
	 "median completion latency of a read"},
	{"read_clat_p99_us", "clat_ns/percentile/99.000000", "us", "lower",
	 "99th percentile completion latency of a read"},
	{"write_iops", "iops", "IOPS", "higher", "writes per second (patterns that write)"},
	{"write_bw_bytes_per_s", "bw_bytes", "B/s", "higher", "bytes written per second"},
	{"write_clat_p50_us", "clat_ns/percentile/50.000000", "us", "lower",
	 "median completion latency of a write"},
	{"write_clat_p99_us", "clat_ns/percentile/99.000000", "us", "lower",
	 "99th percentile completion latency of a write"},
	{NULL, NULL, NULL, NULL, NULL},
};

/* The direction of a metric: the start of its name. */
static int of_direction(const char *name, const char *direction)
{
	size_t len = strlen(direction);
	return !strncmp(name, direction, len) && name[len] == '_';
}

/* A pattern yields the metrics of the directions it does I/O in. */
static int yields(const struct params *p, const char *name)
{
	for (int d = 0; directions[d]; d++)
		if (of_direction(name, directions[d]))
			return does(p, directions[d]);
	return 0;
}

/* The job itself, plus laying out the file at an assumed 200 MB/s. */
static double estimate(const struct params *p)
{
	return params_number(p, "runtime") + params_number(p, "size") / 200e6 + 1;
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	strvec_push(argv, "fio");
	strvec_push(argv, "--name=crbench");
	/* fio splits --filename at ':'; outdir is crbench's own path, without one. */
	strvec_pushf(argv, "--filename=%s/" DATA_FILE, outdir);
	strvec_pushf(argv, "--rw=%s", params_text(p, "rw"));
	/* Sizes in bytes: fio's own suffixes differ from ours (kb_base). */
	strvec_pushf(argv, "--bs=%.0f", params_number(p, "bs"));
	strvec_pushf(argv, "--size=%.0f", params_number(p, "size"));
	strvec_pushf(argv, "--runtime=%.0fms", params_number(p, "runtime") * 1000);
	strvec_push(argv, "--time_based");
	strvec_pushf(argv, "--ioengine=%s", params_text(p, "ioengine"));
	strvec_pushf(argv, "--direct=%d", params_number(p, "direct") != 0);
	strvec_pushf(argv, "--iodepth=%d", (int)params_number(p, "iodepth"));
	strvec_push(argv, "--unlink=1");
	strvec_push(argv, "--output-format=json");
	strvec_pushf(argv, "--output=%s/" RESULT_FILE, outdir);
}

static int set_direction(json_t *job, const char *direction, struct metric_list *out,
			 struct strbuf *why)
{
	json_t *node = json_object_get(job, direction);
	double ios, value;
	int ret = 0;

	if (output_json_number(node, "total_ios", &ios, why) < 0) {
		strbuf_addf(why, " in " RESULT_FILE " jobs[0].%s", direction);
		return -1;
	}
	if (ios <= 0) {
		strbuf_addf(why, RESULT_FILE ": the job did no %s I/O", direction);
		return -1;
	}
	for (const struct output_metric *m = metrics; m->name && !ret; m++) {
		if (!of_direction(m->name, direction))
			continue;
		ret = output_json_number(node, m->source, &value, why);
		if (ret) {
			strbuf_addf(why, " in " RESULT_FILE " jobs[0].%s", direction);
			break;
		}
		if (!strncmp(m->source, "clat_ns/", strlen("clat_ns/")))
			value *= 1e-3;
		ret = metric_list_set(out, m->name, value);
	}
	return ret;
}

static int set_metrics(const struct params *p, json_t *root, struct metric_list *out,
		       struct strbuf *why)
{
	json_t *job = json_array_get(json_object_get(root, "jobs"), 0);
	double error;

	if (!json_is_object(job)) {
		strbuf_addstr(why, RESULT_FILE ": no jobs[0]");
		return -1;
	}
	if (output_json_number(job, "error", &error, why) < 0) {
		strbuf_addstr(why, " in " RESULT_FILE " jobs[0]");
		return -1;
	}
	if (error != 0) {
		strbuf_addf(why, RESULT_FILE ": the job failed with error %.0f", error);
		return -1;
	}
	for (int d = 0; directions[d]; d++)
		if (does(p, directions[d]) && set_direction(job, directions[d], out, why) < 0)
			return -1;
	return 0;
}

static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT;
	json_t *root = NULL;
	int ret = -1;

	(void)stdout_text;
	/* fio may put notes ("queue depth will be capped") before the JSON. */
	if (output_read(rep_dir, RESULT_FILE, &text, why) == 0 &&
	    (root = output_json(text.buf, RESULT_FILE, why)) != NULL)
		ret = set_metrics(p, root, out, why);
	json_decref(root);
	strbuf_release(&text);
	return ret;
}

static const char *const programs[] = {"fio", NULL};

const struct workload_ops workload_fio = {
	.name = "fio",
	.summary = "fio on a file in the output directory; IOPS, bandwidth, latency",
	.params = params,
	.quick = quick,
	.programs = programs,
	.version_command = "fio --version",
	.metrics = metrics,
	.yields = yields,
	.estimate = estimate,
	.container_argv = container_argv,
	.parse = parse,
};
