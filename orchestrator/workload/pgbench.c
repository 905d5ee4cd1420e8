/*
 * pgbench: a server workload. The container runs PostgreSQL in the
 * foreground; the rootfs is read-only, so the server first creates a fresh
 * cluster in `datadir` (by default on the container's /tmp tmpfs) and puts
 * its socket there too. PostgreSQL refuses to run as root: root creates
 * the directory and hands it over (a runtime's /tmp is not always
 * world-writable), then the script runs as user postgres (setpriv, from
 * util-linux). Outside the
 * container pgbench loads the TPC-B-like tables once (setup), then runs
 * for a fixed time; we read tps and the average latency from its report.
 */
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/workload/output.h"

#include <math.h>

static const struct param_decl params[] = {
	{"scale", PARAM_INT, "5", 1, 100000, NULL, "pgbench scale factor (-s), 100 000 rows each"},
	{"duration", PARAM_DURATION, "10s", 1, 86400, NULL, "how long the clients run (-T)"},
	{"clients", PARAM_INT, "4", 1, 1000, NULL, "concurrent database sessions (-c)"},
	{"jobs", PARAM_INT, "2", 1, 1000, NULL, "pgbench threads (-j), at most clients"},
	{"port", PARAM_INT, "5499", 1, 65535, NULL, "TCP port the server listens on"},
	{"bindir", PARAM_STRING, "/usr/lib/postgresql/15/bin", 0, 0, NULL,
	 "where initdb and postgres are inside the container"},
	{"datadir", PARAM_STRING, "/tmp/crbench-pg", 0, 0, NULL,
	 "a new directory for the cluster inside the container"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static const struct param_override quick[] = {
	{"scale", "1"},
	{"duration", "2s"},
	{NULL, NULL},
};

/*
 * $1 bindir, $2 datadir, $3 port: values are positional parameters, never
 * part of the script. initdb's progress report is dropped, its errors kept.
 */
static const char server_script[] =
	"\"$1/initdb\" -D \"$2\" -A trust -U postgres >/dev/null && "
	"echo 'host all all " CLIENT_ADDRESS "/32 trust' >> \"$2/pg_hba.conf\" && "
	"exec \"$1/postgres\" -D \"$2\" -k \"$2\" -c listen_addresses='*' -p \"$3\"";

/* Metric, line of pgbench's report, unit, better, help. */
static const struct output_metric metrics[] = {
	{"tps", "tps = ", "transactions/s", "higher",
	 "transactions per second, without initial connection time"},
	{"latency_avg_ms", "latency average = ", "ms", "lower", "average transaction latency"},
	{"failed_transactions", "number of failed transactions: ", "transactions", "lower",
	 "transactions that failed; unset with a pgbench that does not say"},
	{NULL, NULL, NULL, NULL, NULL},
};

/* initdb and start-up (~4 s), loading (~0.2 s per scale unit), the run. */
static double estimate(const struct params *p)
{
	return 5 + 0.2 * params_number(p, "scale") + params_number(p, "duration");
}

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	(void)outdir;
	strvec_pushv(argv,
		     (const char *const[]){"sh", "-c",
					   "mkdir -p \"$2\" && chown postgres:postgres \"$2\" && "
					   "exec setpriv --reuid=postgres --regid=postgres "
					   "--init-groups sh -c \"$0\" crbench-pg \"$@\"",
					   server_script, params_text(p, "bindir"),
					   params_text(p, "datadir"), NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
}

/* `pgbench -h SERVER_ADDRESS -p PORT -U postgres`, the start of every client command. */
static void connect_args(const struct params *p, struct strvec *argv)
{
	strvec_pushv(argv, (const char *const[]){"pgbench", "-h", SERVER_ADDRESS, "-p", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
	strvec_pushv(argv, (const char *const[]){"-U", "postgres", NULL});
}

/*
 * What pg_isready asks, in bash over /dev/tcp so that a try starts no
 * process (see workload.h): a startup packet (length 41, protocol 3.0,
 * user and database postgres), answered 'R' (an authentication request,
 * trust's AuthenticationOk) once PostgreSQL accepts connections and 'E'
 * ("the database system is starting up") before. A Terminate ends the
 * session, so the server logs no lost client.
 */
#define READY_PROBE                                                                                \
	"{ printf '\\x00\\x00\\x00\\x29\\x00\\x03\\x00\\x00user\\x00postgres\\x00"                 \
	"database\\x00postgres\\x00\\x00' >&3 && IFS= read -r -n 1 -t 1 reply <&3 && "             \
	"[[ $reply == R ]] && printf 'X\\x00\\x00\\x00\\x04' >&3; } 3<>\"/dev/tcp/" SERVER_ADDRESS \
	"/$1\""

static void ready_argv(const struct params *p, struct strvec *argv)
{
	workload_bash_probe(READY_PROBE, p, argv);
}

static void setup_argv(const struct params *p, struct strvec *argv)
{
	connect_args(p, argv);
	strvec_pushv(argv, (const char *const[]){"-i", "-s", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "scale"));
	strvec_push(argv, "postgres");
}

static void client_argv(const struct params *p, struct strvec *argv)
{
	connect_args(p, argv);
	strvec_push(argv, "-T");
	strvec_pushf(argv, "%d", (int)ceil(params_number(p, "duration")));
	strvec_push(argv, "-c");
	strvec_pushf(argv, "%d", (int)params_number(p, "clients"));
	strvec_push(argv, "-j");
	strvec_pushf(argv, "%d", (int)params_number(p, "jobs"));
	strvec_push(argv, "postgres");
}

/*
 * pgbench 15's report ends with
 *   number of failed transactions: 0 (0.000%)
 *   latency average = 11.649 ms
 *   tps = 343.362647 (without initial connection time)
 * Each number must be followed by its tail, so a report cut short inside
 * a number is refused rather than read as a smaller value.
 */
static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	struct strbuf absent = STRBUF_INIT;
	double tps, latency, failed;

	(void)p;
	(void)rep_dir;
	if (output_line_number(stdout_text, "tps = ", " (without initial connection time)", &tps,
			       why) < 0 ||
	    output_line_number(stdout_text, "latency average = ", " ms", &latency, why) < 0) {
		strbuf_addstr(why, " in pgbench's report");
		return -1;
	}
	metric_list_set(out, "tps", tps);
	metric_list_set(out, "latency_avg_ms", latency);
	/* Older pgbench has no such line: the value stays unset ("missing"). */
	if (output_line_number(stdout_text, "number of failed transactions: ", " (", &failed,
			       &absent) == 0)
		metric_list_set(out, "failed_transactions", failed);
	strbuf_release(&absent);
	return 0;
}

static const char *const programs[] = {"pgbench", NULL};

const struct workload_ops workload_pgbench = {
	.name = "pgbench",
	.summary = "PostgreSQL in the container, pgbench outside; tps, latency",
	.params = params,
	.quick = quick,
	.programs = programs,
	.version_command = "pgbench --version",
	.metrics = metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.ready_argv = ready_argv,
	.setup_argv = setup_argv,
	.client_argv = client_argv,
	.parse = parse,
};
