/*
 * iperf3: a server workload. The container runs `iperf3 -s`, its log in
 * the output directory; the client runs outside it for a fixed time and
 * prints its JSON report (-J), from which we take the bit rates sent and
 * received and the TCP retransmissions. The engine stops the server
 * afterwards.
 */
#include "common/script.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "orchestrator/workload/workload.h"
#include "orchestrator/workload/output.h"

#include <math.h>
#include <string.h>

static const struct param_decl params[] = {
	{"duration", PARAM_DURATION, "5s", 1, 86400, NULL, "how long the client sends"},
	{"reverse", PARAM_BOOL, "false", 0, 0, NULL, "the server sends, the client receives (-R)"},
	{"parallel", PARAM_INT, "1", 1, 128, NULL, "parallel TCP streams (-P)"},
	{"port", PARAM_INT, "5201", 1, 65535, NULL, "TCP port the server listens on"},
	{NULL, 0, NULL, 0, 0, NULL, NULL},
};

static const struct param_override quick[] = {
	{"duration", "1s"},
	{NULL, NULL},
};

static const struct output_metric metrics[] = {
	{"sent_bits_per_s", "end/sum_sent/bits_per_second", "bit/s", "higher",
	 "bit rate the client sent"},
	{"received_bits_per_s", "end/sum_received/bits_per_second", "bit/s", "higher",
	 "bit rate the receiver got"},
	{"retransmits", "end/sum_sent/retransmits", "segments", "lower",
	 "TCP retransmissions; unset where the kernel does not report them"},
	{NULL, NULL, NULL, NULL, NULL},
};

static double estimate(const struct params *p)
{
	return params_number(p, "duration") + 1;
}

/* iperf3's own log, in the output directory: what it prints, errors included. */
#define SERVER_LOG "iperf3-server.log"

static void container_argv(const struct params *p, const char *outdir, struct strvec *argv)
{
	strvec_pushv(argv,
		     (const char *const[]){"iperf3", "-s", "--forceflush", "--logfile", NULL});
	strvec_pushf(argv, "%s/" SERVER_LOG, outdir);
	strvec_push(argv, "-p");
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
}

SCRIPT(iperf3_ready);

/* scripts/iperf3_ready.sh */
static void ready_argv(const struct params *p, struct strvec *argv)
{
	workload_bash_probe(script_iperf3_ready, p, argv);
	strvec_push(argv, SERVER_LOG);
}

static void client_argv(const struct params *p, struct strvec *argv)
{
	strvec_pushv(argv, (const char *const[]){"iperf3", "-c", SERVER_ADDRESS, "-p", NULL});
	strvec_pushf(argv, "%d", (int)params_number(p, "port"));
	strvec_push(argv, "-t");
	strvec_pushf(argv, "%d", (int)ceil(params_number(p, "duration")));
	strvec_push(argv, "-P");
	strvec_pushf(argv, "%d", (int)params_number(p, "parallel"));
	strvec_push(argv, "-J");
	if (params_number(p, "reverse"))
		strvec_push(argv, "-R");
}

/*
 * The client often names only the symptom ("control socket has closed
 * unexpectedly"); the server's last error, in its log in the output
 * directory, names the cause. (iperf3 writes it without a newline, so it
 * may share a line with what came before.)
 */
static void add_server_error(const char *rep_dir, struct strbuf *why)
{
	struct strbuf text = STRBUF_INIT, absent = STRBUF_INIT;
	const char *line, *next;
	size_t len;

	if (output_read(rep_dir, SERVER_LOG, &text, &absent) == 0) {
		for (line = NULL, next = text.buf; (next = strstr(next, "iperf3: error")); next++)
			line = next;
		len = line ? strcspn(line, "\n") : 0;
		if (len)
			strbuf_addf(why, "; the server said: %.*s", (int)(len < 200 ? len : 200),
				    line);
	}
	strbuf_release(&text);
	strbuf_release(&absent);
}

static int set_metrics(json_t *root, const char *rep_dir, struct metric_list *out,
		       struct strbuf *why)
{
	const char *error = json_string_value(json_object_get(root, "error"));
	struct strbuf absent = STRBUF_INIT;
	double sent, received, retransmits;

	/* A failed test still prints JSON, with the reason under "error". */
	if (error) {
		strbuf_addf(why, "iperf3: %s", error);
		add_server_error(rep_dir, why);
		return -1;
	}
	if (output_json_number(root, "end/sum_sent/bits_per_second", &sent, why) < 0 ||
	    output_json_number(root, "end/sum_received/bits_per_second", &received, why) < 0) {
		strbuf_addstr(why, " in iperf3's JSON (did the test finish?)");
		return -1;
	}
	metric_list_set(out, "sent_bits_per_s", sent);
	metric_list_set(out, "received_bits_per_s", received);
	/*
	 * Only Linux TCP reports retransmissions; where they are absent the
	 * value stays unset (status "missing") rather than a false 0.
	 */
	if (output_json_number(root, "end/sum_sent/retransmits", &retransmits, &absent) == 0)
		metric_list_set(out, "retransmits", retransmits);
	strbuf_release(&absent);
	return 0;
}

static int parse(const struct params *p, const char *rep_dir, const char *stdout_text,
		 struct metric_list *out, struct strbuf *why)
{
	json_t *root = output_json(stdout_text, "iperf3's stdout", why);
	int ret;

	(void)p;
	if (!root)
		return -1;
	ret = set_metrics(root, rep_dir, out, why);
	json_decref(root);
	return ret;
}

static const char *const programs[] = {"iperf3", NULL};

const struct workload_ops workload_iperf3 = {
	.name = "iperf3",
	.summary = "iperf3 server in the container, client outside; bit rate, retransmits",
	.params = params,
	.quick = quick,
	.programs = programs,
	.version_command = "iperf3 --version",
	.metrics = metrics,
	.estimate = estimate,
	.container_argv = container_argv,
	.ready_argv = ready_argv,
	.client_argv = client_argv,
	.parse = parse,
};
