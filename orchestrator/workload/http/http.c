/*
 * http: a server workload for web services. The container runs `server`,
 * a shell command serving HTTP on every address (the port is its $1; by
 * default Python's http.server over the container's empty /tmp). Outside
 * it, crbench's own load generator (`crbench http-load`, libcurl's multi
 * interface) runs `clients` concurrent clients of `requests` requests
 * each, every client walking the operation lines in order; we take
 * requests/s, latency quartiles and failures from its JSON. Deploy time
 * ends with the first HTTP 200 on `ready_path`. This is how the first
 * study drove TeaStore: 2 clients x 200 requests over its 8 API calls.
 */
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/http/load.h"
#include "orchestrator/workload/http/operation.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/workload/output.h"

#include <string.h>

static const struct param_decl params[] = {
	{"server", PARAM_STRING, "exec python3 -m http.server --bind 0.0.0.0 \"$1\"", 0, 0, NULL,
	 "shell command in the container serving HTTP on 0.0.0.0 (every address), the port as $1"},
	{"port", PARAM_INT, "8089", 1, 65535, NULL, "TCP port the server listens on"},
	{"operations", PARAM_STRING, "GET /", 0, 0, NULL,
	 "requests, one \"METHOD PATH [BODY]\" per line, walked in order"},
	{"ready_path", PARAM_STRING, "/", 0, 0, NULL, "ready once GET of this path answers 200"},
	{"clients", PARAM_INT, "2", 1, 10000, NULL, "concurrent clients"},
	{"requests", PARAM_INT, "200", 1, HTTP_LOAD_MAX_REQUESTS, NULL,
	 "requests per client, one after another"},
	{"timeout", PARAM_DURATION, "10s", 0.001, 3600, NULL, "per request; then it fails"},
	{"deadline", PARAM_DURATION, "10m", 1, 86400, NULL,
	 "for all requests; those left then fail and the client step fails"},
	{"content_type", PARAM_STRING, "application/x-www-form-urlencoded", 0, 0, NULL,
	 "Content-Type of request bodies"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static const struct param_override quick[] = {
	{"requests", "50"},
	{NULL, NULL},
};

/* Metric, path in http-load's JSON, unit, better, help. */
static const struct output_metric http_metrics[] = {
	{"requests_per_s", "requests_per_s", "req/s", "higher", "2xx answers per second"},
	{"latency_p25_ms", "latency_ms/p25", "ms", "lower",
	 "first quartile latency of 2xx answers"},
	{"latency_p50_ms", "latency_ms/p50", "ms", "lower", "median latency of 2xx answers"},
	{"latency_p75_ms", "latency_ms/p75", "ms", "lower",
	 "third quartile latency of 2xx answers"},
	{"latency_p99_ms", "latency_ms/p99", "ms", "lower",
	 "99th percentile latency of 2xx answers"},
	{"failed_requests", "failed", "requests", "lower", "requests without a 2xx answer"},
	{NULL, NULL, NULL, NULL, NULL},
};

/* ready_path is what a GET of it would put on the request line. */
static int check_ready_path(const char *path, struct strbuf *why)
{
	struct strbuf line = STRBUF_INIT;
	struct http_operation op;
	int ret;

	strbuf_addf(&line, "GET %s", path);
	ret = http_operation_parse(line.buf, &op, why);
	if (!ret)
		http_operation_release(&op);
	strbuf_release(&line);
	return ret;
}

static int check_params(const struct params *p, const char **param, struct strbuf *why)
{
	struct strvec lines = STRVEC_INIT;
	struct strbuf reason = STRBUF_INIT;
	int ret = -1;

	if (http_operation_lines(params_text(p, "operations"), &lines, &reason) < 0) {
		*param = "operations";
		strbuf_addf(why, "operations, %s", reason.buf);
	} else if (check_ready_path(params_text(p, "ready_path"), &reason) < 0) {
		*param = "ready_path";
		strbuf_addf(why, "ready_path: %s", reason.buf);
	} else if (params_number(p, "clients") * params_number(p, "requests") >
		   HTTP_LOAD_MAX_REQUESTS) {
		*param = "requests";
		strbuf_addf(why, "clients x requests must be at most %d", HTTP_LOAD_MAX_REQUESTS);
	} else {
		ret = 0;
	}
	strvec_clear(&lines);
	strbuf_release(&reason);
	return ret;
}

/* Start-up, then each client's requests at an assumed 2 ms each. */
static double estimate(const struct params *p)
{
	return 1 + params_number(p, "requests") * 2e-3;
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	(void)outdir;
	strvec_pushv(argv, (const char *const[]){"sh", "-c", params_text(p, "server"),
						 "crbench-http", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
}

/* HTTP 200 on ready_path, asked over bash's /dev/tcp: a builtin probe (see workload.h). */
#define READY_PROBE                                                                                \
	"{ printf 'GET %s HTTP/1.0\\r\\nHost: " SERVER_ADDRESS "\\r\\n\\r\\n' \"$2\" >&3 && "      \
	"IFS=' ' read -r -t 2 version status rest <&3 && [[ $status == 200 ]]; } "                 \
	"3<>\"/dev/tcp/" SERVER_ADDRESS "/$1\""

static void ready_argv(const struct params *p, struct strvec *argv)
{
	workload_bash_probe(READY_PROBE, p, argv);
	strvec_push(argv, params_text(p, "ready_path"));
}

static void client_argv(const struct params *p, struct strvec *argv)
{
	struct strbuf unused = STRBUF_INIT;

	strvec_pushv(argv, (const char *const[]){WORKLOAD_CRBENCH, "http-load", "--clients", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "clients"));
	strvec_push(argv, "--requests");
	strvec_pushf(argv, "%d", (int)params_number(p, "requests"));
	strvec_pushv(argv,
		     (const char *const[]){"--timeout", params_text(p, "timeout"), "--deadline",
					   params_text(p, "deadline"), "--content-type",
					   params_text(p, "content_type"), "--", NULL});
	strvec_pushf(argv, "http://" SERVER_ADDRESS ":%d", (int)params_number(p, "port"));
	/* checked by the spec loader */
	http_operation_lines(params_text(p, "operations"), argv, &unused);
	strbuf_release(&unused);
}

static int set_metric(json_t *root, const struct output_metric *m, struct metric_list *out,
		      struct strbuf *why)
{
	double value;

	if (output_json_number(root, m->source, &value, why) < 0)
		return -1;
	if (value < 0) {
		strbuf_addf(why, "%s is negative", m->source);
		return -1;
	}
	metric_list_set(out, m->name, value);
	return 0;
}

/*
 * http-load's JSON: every planned request succeeded or failed; latencies
 * are of the successful ones, null when there is none (then they stay
 * unset, "missing").
 */
static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	json_t *root = output_json(stdout_text, "http-load's output", why);
	double all, ok, failed;
	int ret;

	(void)p;
	(void)rep_dir;
	if (!root)
		return -1;
	ret = output_json_number(root, "requests", &all, why) ||
			      output_json_number(root, "succeeded", &ok, why) ||
			      output_json_number(root, "failed", &failed, why)
		      ? -1
		      : 0;
	if (!ret && !(all > 0 && ok >= 0 && failed >= 0 && ok + failed == all)) {
		strbuf_addf(why, "%g succeeded and %g failed requests are not all %g", ok, failed,
			    all);
		ret = -1;
	}
	for (const struct output_metric *m = http_metrics; !ret && m->name; m++)
		if (ok > 0 || strncmp(m->source, "latency_ms/", strlen("latency_ms/")))
			ret = set_metric(root, m, out, why);
	if (ret)
		strbuf_addstr(why, " in http-load's output");
	json_decref(root);
	return ret;
}

const struct workload_ops workload_http = {
	.name = "http",
	.summary = "a web server in the container, crbench's libcurl load generator outside; "
		   "requests/s, latency quartiles, failures",
	.params = params,
	.quick = quick,
	.check_params = check_params,
	.metrics = http_metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.ready_argv = ready_argv,
	.client_argv = client_argv,
	.crbench_step = "client",
	.parse = parse,
};
