/*
 * redis: a server workload. The container runs redis-server in the
 * foreground on 127.0.0.1 without persistence (the rootfs is read-only);
 * redis-benchmark runs outside it and prints one CSV row per test (--csv),
 * from which we take requests per second and the latency figures.
 */
#include "common/csv.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/workload/output.h"

#include <string.h>

static const char *const tests[] = {"get",  "set",     "incr",	      "lpush",	    "rpush",
				    "lpop", "rpop",    "sadd",	      "hset",	    "spop",
				    "zadd", "zpopmin", "ping_inline", "ping_mbulk", NULL};

static const struct param_decl params[] = {
	{"test", PARAM_STRING, "get", 0, 0, tests, "redis-benchmark test (-t)"},
	{"clients", PARAM_INT, "50", 1, 10000, NULL, "parallel connections (-c)"},
	{"pipeline", PARAM_INT, "16", 1, 10000, NULL, "requests pipelined per connection (-P)"},
	{"requests", PARAM_INT, "100000", 1, 1e10, NULL, "total requests (-n)"},
	{"port", PARAM_INT, "6399", 1, 65535, NULL, "TCP port the server listens on"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static const struct param_override quick[] = {
	{"requests", "20000"},
	{NULL, NULL},
};

/* Metric, CSV column of redis-benchmark 7, unit, better, help. */
static const struct output_metric redis_metrics[] = {
	{"requests_per_s", "rps", "req/s", "higher", "requests per second"},
	{"latency_avg_ms", "avg_latency_ms", "ms", "lower", "average request latency"},
	{"latency_p50_ms", "p50_latency_ms", "ms", "lower", "median request latency"},
	{"latency_p95_ms", "p95_latency_ms", "ms", "lower", "95th percentile request latency"},
	{"latency_p99_ms", "p99_latency_ms", "ms", "lower", "99th percentile request latency"},
	{NULL, NULL, NULL, NULL, NULL},
};

/* Start-up, then the requests at an assumed 100 000 per second. */
static double estimate(const struct params *p)
{
	return 1 + params_number(p, "requests") / 1e5;
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	(void)outdir;
	strvec_pushv(argv, (const char *const[]){"redis-server", "--port", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
	strvec_pushv(argv, (const char *const[]){"--bind", "0.0.0.0", "--protected-mode", "no",
						 "--save", "", "--appendonly", "no", NULL});
}

/* Ready when PING answers PONG; the port is the script's $1. */
/* PING over bash's /dev/tcp, answered +PONG: a builtin probe (see workload.h). */
#define READY_PROBE                                                                                \
	"{ printf 'PING\\r\\n' >&3 && IFS= read -r -t 1 reply <&3 && [[ $reply == +PONG* ]]; } "   \
	"3<>\"/dev/tcp/" SERVER_ADDRESS "/$1\""

static void ready_argv(const struct params *p, struct strvec *argv)
{
	workload_bash_probe(READY_PROBE, p, argv);
}

static void client_argv(const struct params *p, struct strvec *argv)
{
	strvec_pushv(argv,
		     (const char *const[]){"redis-benchmark", "-h", SERVER_ADDRESS, "-p", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
	strvec_pushv(argv, (const char *const[]){"-t", params_text(p, "test"), "-c", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "clients"));
	strvec_push(argv, "-P");
	strvec_pushf(argv, "%d", (int)params_number(p, "pipeline"));
	strvec_push(argv, "-n");
	strvec_pushf(argv, "%.0f", params_number(p, "requests"));
	strvec_push(argv, "--csv");
}

/* Header and first row of the CSV, which starts at the line `"test",...`. */
static int read_rows(const char *text, struct strvec *header, struct strvec *row,
		     struct strbuf *why)
{
	const char *start = strstr(text, "\"test\",");
	struct csv_reader r;

	if (!start) {
		strbuf_addstr(why, "redis-benchmark printed no CSV header (\"test\",\"rps\",...)");
		return -1;
	}
	csv_reader_init(&r, start, strlen(start));
	if (csv_read_record(&r, header, why) != 1 || csv_read_record(&r, row, why) != 1) {
		strbuf_addstr(why, why->len ? " in redis-benchmark's CSV"
					    : "redis-benchmark "
					      "printed no result row");
		return -1;
	}
	if (row->nr != header->nr) {
		strbuf_addf(why, "redis-benchmark's result row has %zu fields, the header %zu",
			    row->nr, header->nr);
		return -1;
	}
	return 0;
}

static int set_metrics(const struct strvec *header, const struct strvec *row,
		       struct metric_list *out, struct strbuf *why)
{
	for (const struct output_metric *m = redis_metrics; m->name; m++) {
		size_t i = 0;
		double value;

		while (i < header->nr && strcmp(header->v[i], m->source))
			i++;
		if (i == header->nr) {
			strbuf_addf(why, "redis-benchmark's CSV has no column \"%s\"", m->source);
			return -1;
		}
		if (output_number(row->v[i], &value) < 0 || value < 0) {
			strbuf_addf(why, "redis-benchmark's %s is \"%s\"", m->source, row->v[i]);
			return -1;
		}
		metric_list_set(out, m->name, value);
	}
	return 0;
}

static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	struct strvec header = STRVEC_INIT, row = STRVEC_INIT;
	int ret;

	(void)p;
	(void)rep_dir;
	ret = read_rows(stdout_text, &header, &row, why);
	if (!ret)
		ret = set_metrics(&header, &row, out, why);
	strvec_clear(&header);
	strvec_clear(&row);
	return ret;
}

static const char *const programs[] = {"redis-server", "redis-benchmark", NULL};

const struct workload_ops workload_redis = {
	.name = "redis",
	.summary = "redis-server in the container, redis-benchmark outside; requests/s, latency",
	.params = params,
	.quick = quick,
	.programs = programs,
	.version_command = "redis-server --version",
	.metrics = redis_metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.ready_argv = ready_argv,
	.client_argv = client_argv,
	.parse = parse,
};
