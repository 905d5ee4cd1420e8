/*
 * crbench http-load (hidden): the http workload's load generator, run on
 * the target host in the server's network namespace. It prints one JSON
 * object on stdout (what the workload parses).
 */
#include "analysis/stats.h"
#include "common/error.h"
#include "common/parse_options.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "cli/commands.h"
#include "orchestrator/workload/http/load.h"
#include "spec/params.h"
#include "common/version.h"

#include <curl/curl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const http_load_usage[] = {
	"crbench http-load [options] URL OPERATION...",
	"",
	"Run --clients concurrent clients of --requests requests each against URL,",
	"each client walking the OPERATIONs (\"METHOD PATH [BODY]\", e.g. \"GET /\",",
	"\"POST /cart id=3\") in order with cookies of its own; print requests/s,",
	"latency quantiles and failures as JSON. A request succeeds with a 2xx",
	"answer (redirects followed). Exit 1 when the deadline cut the run short.",
	NULL,
};

struct http_load_args {
	const char *timeout, *deadline, *content_type;
	int clients, requests;
};

/* Seconds of a duration option ("10s", "250ms", 2.5); -1 when not a duration > 0. */
static double seconds_of(const char *option, const char *text)
{
	double s;

	if (parse_duration(text, &s) < 0 || !(s > 0))
		return error("--%s expects a duration like 10s or 250ms, not '%s'", option, text);
	return s;
}

/* NaN (no value) as JSON null. */
static json_t *real_or_null(double v)
{
	return isnan(v) ? json_null() : json_real(v);
}

/* Quantiles of `ms` (sorted in place), R's type 7: min is p0, max p100. */
static json_t *latency_json(double *ms, size_t n)
{
	static const struct {
		const char *name;
		double p;
	} quantiles[] = {{"min", 0},	{"p25", 0.25}, {"p50", 0.5},
			 {"p75", 0.75}, {"p99", 0.99}, {"max", 1}};
	json_t *out = json_object();
	double sum = 0;

	stats_sort(ms, n);
	for (size_t i = 0; i < ARRAY_SIZE(quantiles); i++)
		json_object_set_new(out, quantiles[i].name,
				    real_or_null(stats_quantile_sorted(ms, n, quantiles[i].p)));
	for (size_t i = 0; i < n; i++)
		sum += ms[i];
	json_object_set_new(out, "mean", real_or_null(n ? sum / n : NAN));
	return out;
}

/*
 * Counts and latencies (ms, answered 2xx) of operation `op`, or of every
 * request when op is (size_t)-1.
 */
static json_t *tally(const struct http_load_result *r, size_t op, json_t *obj)
{
	double *ms = xcalloc(r->nr ? r->nr : 1, sizeof(*ms));
	size_t n = 0, all = 0;

	for (size_t i = 0; i < r->nr; i++) {
		if (op != (size_t)-1 && r->samples[i].op != op)
			continue;
		all++;
		if (r->samples[i].ok)
			ms[n++] = r->samples[i].seconds * 1e3;
	}
	json_object_set_new(obj, "requests", json_integer((json_int_t)all));
	json_object_set_new(obj, "succeeded", json_integer((json_int_t)n));
	json_object_set_new(obj, "failed", json_integer((json_int_t)(all - n)));
	json_object_set_new(obj, "latency_ms", latency_json(ms, n));
	free(ms);
	return obj;
}

static json_t *report(const struct http_load_options *o, const struct http_load_result *r)
{
	json_t *root = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:f, s:f}", "tool",
				 "crbench http-load", "crbench_version", CRBENCH_VERSION,
				 "libcurl_version", curl_version_info(CURLVERSION_NOW)->version,
				 "url", o->base_url, "clients", o->clients, "requests_per_client",
				 o->requests, "timeout_s", o->timeout, "deadline_s", o->deadline);
	json_t *ops = json_array();
	double ok;

	tally(r, (size_t)-1, root);
	ok = (double)json_integer_value(json_object_get(root, "succeeded"));
	json_object_set_new(root, "elapsed_s", json_real(r->elapsed));
	json_object_set_new(root, "requests_per_s", json_real(ok / r->elapsed));
	json_object_set_new(root, "bytes_received", json_real(r->bytes_received));
	json_object_set_new(root, "deadline_exceeded", json_boolean(r->deadline_exceeded));
	json_object_set(root, "errors", r->errors);
	for (size_t i = 0; i < o->nr_ops; i++)
		json_array_append_new(ops, tally(r, i,
						 json_pack("{s:s, s:s}", "method", o->ops[i].method,
							   "path", o->ops[i].path)));
	json_object_set_new(root, "operations", ops);
	return root;
}

static int load(struct http_load_options *o, const char **lines, int n)
{
	struct http_operation *ops = xcalloc((size_t)n, sizeof(*ops));
	struct strbuf why = STRBUF_INIT;
	struct http_load_result r;
	int status = EXIT_USAGE, parsed = 0;

	while (parsed < n && http_operation_parse(lines[parsed], &ops[parsed], &why) == 0)
		parsed++;
	o->ops = ops;
	o->nr_ops = (size_t)n;
	if (parsed < n) {
		error("operation \"%s\": %s", lines[parsed], why.buf);
	} else if (http_load_run(o, &r, &why) < 0) {
		error("%s", why.buf);
		http_load_result_release(&r);
	} else {
		json_t *root = report(o, &r);
		json_dumpf(root, stdout, JSON_INDENT(2) | JSON_REAL_PRECISION(10));
		putchar('\n');
		json_decref(root);
		status = r.deadline_exceeded ? EXIT_CELLS_FAILED : EXIT_OK;
		http_load_result_release(&r);
	}
	while (parsed-- > 0)
		http_operation_release(&ops[parsed]);
	free(ops);
	strbuf_release(&why);
	return status;
}

int cmd_http_load(int argc, const char **argv)
{
	struct http_load_args a = {.clients = 1,
				   .requests = 1,
				   .timeout = "10s",
				   .deadline = "10m",
				   .content_type = "application/x-www-form-urlencoded"};
	const struct option_spec opts[] = {
		OPT_INT('c', "clients", &a.clients, "N", "concurrent clients (1)"),
		OPT_INT('n', "requests", &a.requests, "N", "requests per client (1)"),
		OPT_STRING(0, "timeout", &a.timeout, "DURATION", "per request (10s)"),
		OPT_STRING(0, "deadline", &a.deadline, "DURATION", "for the whole run (10m)"),
		OPT_STRING(0, "content-type", &a.content_type, "TYPE",
			   "of request bodies (application/x-www-form-urlencoded)"),
		OPT_END(),
	};
	int n = parse_options(argc, argv, opts, http_load_usage);
	struct http_load_options o = {.base_url = argv[0],
				      .clients = a.clients,
				      .requests = a.requests,
				      .content_type = a.content_type};

	if (n < 2) {
		print_usage(stderr, http_load_usage, opts);
		return EXIT_USAGE;
	}
	o.timeout = seconds_of("timeout", a.timeout);
	o.deadline = seconds_of("deadline", a.deadline);
	if (o.timeout < 0 || o.deadline < 0)
		return EXIT_USAGE;
	if (a.clients < 1 || a.requests < 1 ||
	    (double)a.clients * a.requests > HTTP_LOAD_MAX_REQUESTS) {
		error("--clients and --requests must be at least 1, their product at most %d",
		      HTTP_LOAD_MAX_REQUESTS);
		return EXIT_USAGE;
	}
	return load(&o, argv + 1, n - 1);
}
