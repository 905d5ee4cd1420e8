/*
 * Unit tests of the workload plug-ins (the files under orchestrator/workload/): each
 * parser on real output captured from the tool versions Debian 12 ships
 * (tests/data/workloads/, see its README), on that output cut short, empty
 * and garbage; the commands each workload builds; and the experiment
 * files under tests/data/spec/ that use each workload's parameters.
 *
 * The same binary is the helper of tests/integration/t0700-workload-tools.sh:
 *   test_workloads exec WORKLOAD STEP OUTDIR [NAME=VALUE...]
 *     runs (execvp) the argv that STEP (container, ready, setup, client)
 *     of WORKLOAD builds with those parameters;
 *   test_workloads parse WORKLOAD REP_DIR STDOUT_FILE [NAME=VALUE...]
 *     parses like the engine does and prints "metric value unit" lines.
 */
#include "common/fsutil.h"
#include "common/plugin.h"
#include "common/strbuf.h"
#include "common/strvec.h"
#include "spec/load.h"
#include "spec/spec.h"
#include "orchestrator/driver/driver.h"
#include "orchestrator/transport/transport.h"
#include "orchestrator/workload/workload.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *top;
static char tmpdir[] = "/tmp/crbench-test-workloads.XXXXXX";

/* ---- helpers ---------------------------------------------------------- */

/* Parameters of `ops` from its defaults and "name=value" overrides. */
static int load_params(const struct workload_ops *ops, char *const *overrides, int n,
		       struct params *p, struct strbuf *why)
{
	for (int i = 0; i < n; i++) {
		const struct param_decl *d = ops->params;
		size_t len = strcspn(overrides[i], "=");
		while (d->name && (strlen(d->name) != len || strncmp(d->name, overrides[i], len)))
			d++;
		if (!d->name || !overrides[i][len]) {
			strbuf_addf(why, "%s: no such parameter of %s", overrides[i], ops->name);
			return -1;
		}
	}
	for (const struct param_decl *d = ops->params; d->name; d++) {
		const char *text = d->default_value;
		double number;
		for (int i = 0; i < n; i++)
			if (!strncmp(overrides[i], d->name, strlen(d->name)) &&
			    overrides[i][strlen(d->name)] == '=')
				text = overrides[i] + strlen(d->name) + 1;
		if (!text || param_parse(d, text, &number, why) < 0)
			return -1;
		params_set(p, d->name, text, number);
	}
	return 0;
}

/* Parameters for a test: abort on a mistake in the test itself. */
static void test_params(const struct workload_ops *ops, struct params *p,
			const char *const *overrides)
{
	struct strbuf why = STRBUF_INIT;
	int n = 0;

	while (overrides && overrides[n])
		n++;
	if (load_params(ops, (char *const *)overrides, n, p, &why) < 0) {
		fprintf(stderr, "test bug: %s\n", why.buf);
		abort();
	}
}

static char *data_path(const char *name)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/tests/data/workloads/%s", top, name);
	return strbuf_detach(&sb, NULL);
}

static char *data_text(const char *name)
{
	struct strbuf text = STRBUF_INIT;
	char *path = data_path(name);

	if (read_file(path, &text, READ_LIMIT_DATA) < 0) {
		fprintf(stderr, "cannot read %s\n", path);
		abort();
	}
	free(path);
	return strbuf_detach(&text, NULL);
}

/* workload_declare_metrics() + parse(), as the engine calls them. */
static int parse_with(const struct workload_ops *ops, const struct params *p, const char *rep_dir,
		      const char *stdout_text, struct metric_list *m, struct strbuf *why)
{
	metric_list_free(m);
	strbuf_reset(why);
	workload_declare_metrics(ops, p, m);
	return ops->parse(p, rep_dir, stdout_text, m, why);
}

static const struct metric_value *metric(const struct metric_list *m, const char *name)
{
	for (size_t i = 0; i < m->nr; i++)
		if (!strcmp(m->v[i].name, name))
			return &m->v[i];
	return NULL;
}

/* Equal up to the last bits of a double (values scaled by 1e-3 differ there). */
static int near(double a, double b)
{
	return fabs(a - b) <= 1e-12 * fmax(fabs(a), fabs(b));
}

/* Metric `name` holds `want` and is declared with `unit` and `better`. */
static int has(const struct metric_list *m, const char *name, double want, const char *unit,
	       const char *better)
{
	const struct metric_value *v = metric(m, name);

	return v && near(v->value, want) && !strcmp(v->unit, unit) && !strcmp(v->better, better);
}

/*
 * A joined probe argv of the form the engine runs as a function of its
 * polling bash: bash -c SCRIPT, SCRIPT holding `piece`, ending in `tail`.
 */
static int bash_probe(const char *s, const char *piece, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return !strncmp(s, "bash|-c|", 8) && strstr(s, piece) && n > t &&
	       !strcmp(s + n - t, tail) && !strstr(s, "exit");
}

/* The argv of one step joined with '|', so element boundaries show. */
static char *joined(void (*build)(const struct params *, struct strvec *), const struct params *p)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	build(p, &argv);
	for (size_t i = 0; i < argv.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? "|" : "", argv.v[i]);
	strvec_clear(&argv);
	return strbuf_detach(&sb, NULL);
}

static char *joined_container(const struct workload_ops *ops, const struct params *p)
{
	struct strvec argv = STRVEC_INIT;
	struct strbuf sb = STRBUF_INIT;

	ops->container_argv(p, "/crbench", &argv);
	for (size_t i = 0; i < argv.nr; i++)
		strbuf_addf(&sb, "%s%s", i ? "|" : "", argv.v[i]);
	strvec_clear(&argv);
	return strbuf_detach(&sb, NULL);
}

/*
 * Cut short (half), empty and garbage: each refused with a reason. For
 * workloads that read a result file, `file` names it in a scratch rep dir;
 * else the variants are stdout.
 */
static void check_malformed(const struct workload_ops *ops, const struct params *p,
			    const char *file, const char *good)
{
	struct strbuf cut = STRBUF_INIT, why = STRBUF_INIT, dir = STRBUF_INIT;
	struct metric_list m = {0};
	const char *variants[] = {cut.buf, "", "Segmentation fault (core dumped)\n{\"x\": [1,\n",
				  "\x01\xff\xfe binary \x7f"};
	const char *names[] = {"cut in the middle", "empty", "garbage", "binary"};
	int ret;

	strbuf_add(&cut, good, strlen(good) / 2);
	variants[0] = cut.buf;
	for (int i = 0; i < 4; i++) {
		strbuf_reset(&dir);
		strbuf_addf(&dir, "%s/%s-%d", tmpdir, ops->name, i);
		mkdir_p(dir.buf, 0755);
		if (file)
			free(scratch_write(dir.buf, file, variants[i]));
		ret = parse_with(ops, p, dir.buf, file ? "" : variants[i], &m, &why);
		CHECK(ret == -1 && why.len > 0, "%s: %s output refused (%s)", ops->name, names[i],
		      why.buf);
	}
	if (file) {
		strbuf_reset(&dir);
		strbuf_addf(&dir, "%s/%s-none", tmpdir, ops->name);
		mkdir_p(dir.buf, 0755);
		ret = parse_with(ops, p, dir.buf, "", &m, &why);
		CHECK(ret == -1 && strstr(why.buf, file), "%s: a missing %s is refused (%s)",
		      ops->name, file, why.buf);
	}
	metric_list_free(&m);
	strbuf_release(&cut);
	strbuf_release(&why);
	strbuf_release(&dir);
}

/* Parse a result file copied from tests/data/workloads/ into a scratch rep dir. */
static int parse_file(const struct workload_ops *ops, const struct params *p, const char *data,
		      const char *file, struct metric_list *m, struct strbuf *why)
{
	struct strbuf dir = STRBUF_INIT;
	char *text = data_text(data);
	int ret;

	strbuf_addf(&dir, "%s/%s", tmpdir, data);
	mkdir_p(dir.buf, 0755);
	free(scratch_write(dir.buf, file, text));
	ret = parse_with(ops, p, dir.buf, "", m, why);
	free(text);
	strbuf_release(&dir);
	return ret;
}

/* ---- fio ---------------------------------------------------------------- */

static void test_fio(void)
{
	const struct workload_ops *ops = workload_find("fio");
	struct params rr = {0}, rw = {0}, wr = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT;
	char *s, *good;
	int ret;

	if (!CHECK(ops, "fio is registered"))
		return;
	test_params(ops, &rr, NULL);
	test_params(ops, &rw, (const char *[]){"rw=randrw", NULL});
	test_params(ops, &wr,
		    (const char *[]){"rw=write", "ioengine=libaio", "iodepth=8", "bs=64k",
				     "size=1GiB", "runtime=2.5s", "direct=false", NULL});
	s = joined_container(ops, &rr);
	CHECK_STR(s,
		  "fio|--name=crbench|--filename=/crbench/fio.data|--rw=randread|--bs=4096|"
		  "--size=67108864|--runtime=5000ms|--time_based|--ioengine=psync|--direct=1|"
		  "--iodepth=1|--unlink=1|--output-format=json|--output=/crbench/fio.json",
		  "fio: default command, sizes in bytes, file and report in outdir");
	free(s);
	s = joined_container(ops, &wr);
	CHECK(strstr(s, "|--rw=write|--bs=65536|--size=1073741824|--runtime=2500ms|") &&
		      strstr(s, "|--ioengine=libaio|--direct=0|--iodepth=8|"),
	      "fio: parameters reach the command (%s)", s);
	free(s);
	CHECK(ops->client_argv == NULL && ops->ready_argv == NULL, "fio is a batch workload");
	CHECK(near(ops->estimate(&rr), 5 + 67108864 / 200e6 + 1), "fio: estimate runtime + layout");

	/* Numbers read from the captured files by eye (fio 3.33). */
	ret = parse_file(ops, &rr, "fio-3.33-randread-psync.json", "fio.json", &m, &why);
	CHECK(ret == 0 && m.nr == 4 && has(&m, "read_iops", 8235.764236, "IOPS", "higher") &&
		      has(&m, "read_bw_bytes_per_s", 33733690, "B/s", "higher") &&
		      has(&m, "read_clat_p50_us", 110.080, "us", "lower") &&
		      has(&m, "read_clat_p99_us", 195.584, "us", "lower"),
	      "fio: randread psync: IOPS, bandwidth, p50/p99 completion latency (%s)", why.buf);
	ret = parse_file(ops, &rw, "fio-3.33-randrw-psync.json", "fio.json", &m, &why);
	CHECK(ret == 0 && m.nr == 8 && has(&m, "read_iops", 5260.739261, "IOPS", "higher") &&
		      has(&m, "read_bw_bytes_per_s", 21547988, "B/s", "higher") &&
		      has(&m, "read_clat_p50_us", 63.744, "us", "lower") &&
		      has(&m, "read_clat_p99_us", 254.976, "us", "lower") &&
		      has(&m, "write_iops", 5315.684316, "IOPS", "higher") &&
		      has(&m, "write_bw_bytes_per_s", 21773042, "B/s", "higher") &&
		      has(&m, "write_clat_p50_us", 64.256, "us", "lower") &&
		      has(&m, "write_clat_p99_us", 284.672, "us", "lower"),
	      "fio: randrw: both directions (%s)", why.buf);
	ret = parse_file(ops, &wr, "fio-3.33-write-libaio.json", "fio.json", &m, &why);
	CHECK(ret == 0 && m.nr == 4 && has(&m, "write_iops", 35381.094527, "IOPS", "higher") &&
		      has(&m, "write_bw_bytes_per_s", 144920963, "B/s", "higher") &&
		      has(&m, "write_clat_p50_us", 140.288, "us", "lower") &&
		      has(&m, "write_clat_p99_us", 544.768, "us", "lower"),
	      "fio: write libaio: write metrics only (%s)", why.buf);
	ret = parse_file(ops, &rw, "fio-3.33-randread-psync.json", "fio.json", &m, &why);
	CHECK(ret == -1 && strstr(why.buf, "no write I/O"),
	      "fio: a declared direction without I/O is refused (%s)", why.buf);

	good = data_text("fio-3.33-randrw-psync.json");
	check_malformed(ops, &rw, "fio.json", good);
	free(good);
	metric_list_free(&m);
	strbuf_release(&why);
	params_free(&rr);
	params_free(&rw);
	params_free(&wr);
}

/* ---- iperf3 ------------------------------------------------------------- */

/* Real output under gVisor (runsc --network=host), see tests/data/workloads/README.md. */
static void test_iperf3_gvisor(const struct workload_ops *ops, const struct params *def)
{
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT, dir = STRBUF_INIT;
	char *ok = data_text("iperf3-3.12-runsc-client.json");
	char *warned = data_text("iperf3-3.12-runsc-client-warning.txt");
	char *served = data_text("iperf3-3.12-runsc-server.json");
	char *closed = data_text("iperf3-3.12-runsc-server-failed.json");
	char *server = data_text("iperf3-3.12-runsc-server-failed.stderr");
	int ret;

	ret = parse_with(ops, def, tmpdir, ok, &m, &why);
	CHECK(ret == 0 && has(&m, "sent_bits_per_s", 2856501963.5915327, "bit/s", "higher") &&
		      has(&m, "received_bits_per_s", 2852928038.7659249, "bit/s", "higher") &&
		      has(&m, "retransmits", 14, "segments", "lower"),
	      "iperf3 client in gVisor: bit rates and retransmits (%s)", why.buf);
	ret = parse_with(ops, def, tmpdir, served, &m, &why);
	CHECK(ret == 0 && has(&m, "sent_bits_per_s", 1446817857.3214016, "bit/s", "higher") &&
		      has(&m, "received_bits_per_s", 1345800654.4951181, "bit/s", "higher") &&
		      has(&m, "retransmits", 6, "segments", "lower"),
	      "iperf3 server in gVisor: a test that finished (%s)", why.buf);
	strbuf_addf(&dir, "%s/iperf3-gvisor", tmpdir);
	mkdir_p(dir.buf, 0755);
	ret = parse_with(ops, def, dir.buf, warned, &m, &why);
	CHECK(ret == -1 && !strcmp(why.buf, "iperf3: unable to receive results: Resource "
					    "temporarily unavailable"),
	      "iperf3 in gVisor: warning skipped, its error is the reason (%s)", why.buf);
	free(scratch_write(dir.buf, "iperf3-server.log", server));
	ret = parse_with(ops, def, dir.buf, closed, &m, &why);
	CHECK(ret == -1 && strstr(why.buf, "iperf3: control socket has closed unexpectedly; ") &&
		      strstr(why.buf, "the server said: iperf3: error - unable to receive "
				      "parameters from client: Resource temporarily unavailable"),
	      "iperf3 server in gVisor: the server's last error line joins the reason (%s)",
	      why.buf);
	/* iperf3 ends an error without a newline: the next test's lines follow it */
	free(scratch_write(dir.buf, "iperf3-server.log",
			   "Server listening on 5201 (test #1)\n"
			   "iperf3: error - the client has unexpectedly closed the connection---\n"
			   "Server listening on 5201 (test #2)\niperf3: error - unable to "
			   "receive cookie at server: Bad file descriptor"));
	ret = parse_with(ops, def, dir.buf, closed, &m, &why);
	CHECK(ret == -1 && !strcmp(why.buf, "iperf3: control socket has closed unexpectedly; the "
					    "server said: iperf3: error - unable to receive cookie "
					    "at server: Bad file descriptor"),
	      "iperf3: the last error in the server's log is the one quoted (%s)", why.buf);
	free(scratch_write(dir.buf, "iperf3-server.log", "Server listening on 5201 (test #1)\n"));
	ret = parse_with(ops, def, dir.buf, closed, &m, &why);
	CHECK(ret == -1 && !strcmp(why.buf, "iperf3: control socket has closed unexpectedly"),
	      "iperf3: a server log without an error adds nothing (%s)", why.buf);
	check_malformed(ops, def, NULL, warned);
	metric_list_free(&m);
	strbuf_release(&why);
	strbuf_release(&dir);
	free(ok);
	free(warned);
	free(served);
	free(closed);
	free(server);
}

static void test_iperf3(void)
{
	const struct workload_ops *ops = workload_find("iperf3");
	struct params def = {0}, rev = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT, warned = STRBUF_INIT;
	char *s, *fwd, *r2;
	int ret;

	if (!CHECK(ops, "iperf3 is registered"))
		return;
	test_params(ops, &def, NULL);
	test_params(
		ops, &rev,
		(const char *[]){"reverse=true", "parallel=2", "port=5299", "duration=1.2s", NULL});
	s = joined_container(ops, &def);
	CHECK_STR(s, "iperf3|-s|--forceflush|--logfile|/crbench/iperf3-server.log|-p|5201",
		  "iperf3: server on every address, port 5201, its log flushed line by line");
	free(s);
	s = joined(ops->ready_argv, &rev);
	CHECK(bash_probe(s, "\"Server listening on $1 \"*",
			 "|crbench-ready|5299|iperf3-server.log") &&
		      strstr(s, "<\"$2\""),
	      "iperf3: ready once its log ($2) says it listens on port $1 (5299), read by bash: %s",
	      s);
	free(s);
	s = joined(ops->client_argv, &def);
	CHECK_STR(s, "iperf3|-c|" SERVER_ADDRESS "|-p|5201|-t|5|-P|1|-J", "iperf3: default client");
	free(s);
	s = joined(ops->client_argv, &rev);
	CHECK_STR(s, "iperf3|-c|" SERVER_ADDRESS "|-p|5299|-t|2|-P|2|-J|-R",
		  "iperf3: reverse, parallel, port, duration rounded up");
	free(s);
	CHECK(ops->setup_argv == NULL, "iperf3 has no setup step");

	/* Numbers read from the captured files by eye (iperf 3.12, end.sum_*). */
	fwd = data_text("iperf3-3.12-forward.json");
	ret = parse_with(ops, &def, tmpdir, fwd, &m, &why);
	CHECK(ret == 0 && m.nr == 3 &&
		      has(&m, "sent_bits_per_s", 9768656994.510965, "bit/s", "higher") &&
		      has(&m, "received_bits_per_s", 9661836693.125006, "bit/s", "higher") &&
		      has(&m, "retransmits", 9, "segments", "lower"),
	      "iperf3: forward: bit rates and retransmits (%s)", why.buf);
	r2 = data_text("iperf3-3.12-reverse-p2.json");
	ret = parse_with(ops, &rev, tmpdir, r2, &m, &why);
	CHECK(ret == 0 && has(&m, "sent_bits_per_s", 6613119372.05639, "bit/s", "higher") &&
		      has(&m, "received_bits_per_s", 6619354484.6947727, "bit/s", "higher") &&
		      has(&m, "retransmits", 30, "segments", "lower"),
	      "iperf3: reverse, 2 streams: the sums (%s)", why.buf);
	/* iperf3's short-read warning before a complete report (seen only with an error, below). */
	strbuf_addf(&warned,
		    "WARNING:  Size of data read does not correspond to offered length\n%s", fwd);
	ret = parse_with(ops, &def, tmpdir, warned.buf, &m, &why);
	CHECK(ret == 0 && has(&m, "sent_bits_per_s", 9768656994.510965, "bit/s", "higher"),
	      "iperf3: a warning line before the JSON is skipped (%s)", why.buf);
	test_iperf3_gvisor(ops, &def);
	ret = parse_with(ops, &def, tmpdir,
			 "{\"start\": {}, \"intervals\": [], \"end\": {}, "
			 "\"error\": \"unable to connect to server: Connection refused\"}\n",
			 &m, &why);
	CHECK(ret == -1 && strstr(why.buf, "Connection refused"),
	      "iperf3: its own error is the reason (%s)", why.buf);
	ret = parse_with(ops, &def, tmpdir,
			 "{\"end\": {\"sum_sent\": {\"bits_per_second\": 5}, "
			 "\"sum_received\": {\"bits_per_second\": 4}}}",
			 &m, &why);
	CHECK(ret == 0 && isnan(metric(&m, "retransmits")->value),
	      "iperf3: retransmits absent: left unset, not 0");
	check_malformed(ops, &def, NULL, fwd);
	free(fwd);
	free(r2);
	metric_list_free(&m);
	strbuf_release(&why);
	strbuf_release(&warned);
	params_free(&def);
	params_free(&rev);
}

/* ---- redis -------------------------------------------------------------- */

static void test_redis(void)
{
	const struct workload_ops *ops = workload_find("redis");
	struct params def = {0}, set = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT, noisy = STRBUF_INIT;
	char *s, *get, *seq;
	int ret;

	if (!CHECK(ops, "redis is registered"))
		return;
	test_params(ops, &def, NULL);
	test_params(ops, &set,
		    (const char *[]){"test=set", "clients=10", "pipeline=1", "requests=1000000",
				     "port=7000", NULL});
	s = joined_container(ops, &def);
	CHECK_STR(s,
		  "redis-server|--port|6399|--bind|0.0.0.0|--protected-mode|no|--save||--"
		  "appendonly|no",
		  "redis: foreground server on every address without persistence (--save \"\" one "
		  "element)");
	free(s);
	s = joined(ops->ready_argv, &set);
	CHECK(bash_probe(s, "+PONG", "|crbench-ready|7000"),
	      "redis: ready when PING answers +PONG over bash's /dev/tcp; the port $1: %s", s);
	free(s);
	s = joined(ops->client_argv, &def);
	CHECK_STR(s,
		  "redis-benchmark|-h|" SERVER_ADDRESS
		  "|-p|6399|-t|get|-c|50|-P|16|-n|100000|--csv",
		  "redis: default benchmark");
	free(s);
	s = joined(ops->client_argv, &set);
	CHECK_STR(s,
		  "redis-benchmark|-h|" SERVER_ADDRESS
		  "|-p|7000|-t|set|-c|10|-P|1|-n|1000000|--csv",
		  "redis: parameters reach the benchmark");
	free(s);

	/* Numbers read from the captured files by eye (redis-benchmark 7.0.15). */
	get = data_text("redis-benchmark-7.0.15-get.csv");
	ret = parse_with(ops, &def, tmpdir, get, &m, &why);
	CHECK(ret == 0 && m.nr == 5 && has(&m, "requests_per_s", 142857.14, "req/s", "higher") &&
		      has(&m, "latency_avg_ms", 4.454, "ms", "lower") &&
		      has(&m, "latency_p50_ms", 2.751, "ms", "lower") &&
		      has(&m, "latency_p95_ms", 21.039, "ms", "lower") &&
		      has(&m, "latency_p99_ms", 21.487, "ms", "lower"),
	      "redis: GET: requests/s and latencies (%s)", why.buf);
	seq = data_text("redis-benchmark-7.0.15-set.csv");
	ret = parse_with(ops, &set, tmpdir, seq, &m, &why);
	CHECK(ret == 0 && has(&m, "requests_per_s", 18621.97, "req/s", "higher") &&
		      has(&m, "latency_p99_ms", 3.991, "ms", "lower"),
	      "redis: SET (%s)", why.buf);
	strbuf_addf(&noisy, "WARNING: Could not fetch server CONFIG\n%s", get);
	ret = parse_with(ops, &def, tmpdir, noisy.buf, &m, &why);
	CHECK(ret == 0 && has(&m, "requests_per_s", 142857.14, "req/s", "higher"),
	      "redis: lines before the CSV header are skipped (%s)", why.buf);
	ret = parse_with(ops, &def, tmpdir,
			 "\"test\",\"rps\",\"avg_latency_ms\"\n\"GET\",\"1.0\",\"2.0\"\n", &m,
			 &why);
	CHECK(ret == -1 && strstr(why.buf, "p50_latency_ms"),
	      "redis: a missing column is named (%s)", why.buf);
	check_malformed(ops, &def, NULL, get);
	free(get);
	free(seq);
	metric_list_free(&m);
	strbuf_release(&why);
	strbuf_release(&noisy);
	params_free(&def);
	params_free(&set);
}

/* ---- pgbench ------------------------------------------------------------ */

static void test_pgbench(void)
{
	const struct workload_ops *ops = workload_find("pgbench");
	struct params def = {0}, odd = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT, old = STRBUF_INIT;
	struct strvec argv = STRVEC_INIT;
	const char *evil = "/opt/pg 15/bin'; touch /tmp/pwned; $(id) \"x";
	char *s, *good, *line;
	int ret;

	if (!CHECK(ops, "pgbench is registered"))
		return;
	test_params(ops, &def, NULL);
	s = joined_container(ops, &def);
	CHECK(!strncmp(s, "sh|-c|", 6) &&
		      strstr(s, "|/usr/lib/postgresql/15/bin|/tmp/crbench-pg|5499") &&
		      s[strlen(s) - 5] == '|',
	      "pgbench: bindir, datadir, port passed as $1 $2 $3 (%s)", s);
	free(s);
	ops->container_argv(&def, "/crbench", &argv);
	/* root prepares the data directory, then runs the server script as postgres */
	CHECK(argv.nr == 7 && strstr(argv.v[2], "chown postgres:postgres \"$2\"") &&
		      strstr(argv.v[2], "exec setpriv --reuid=postgres --regid=postgres") &&
		      strstr(argv.v[3], "\"$1/initdb\" -D \"$2\"") &&
		      strstr(argv.v[3], "exec \"$1/postgres\"") && strstr(argv.v[3], "-p \"$3\"") &&
		      !strstr(argv.v[2], "5499") && !strstr(argv.v[3], "5499") &&
		      !strstr(argv.v[2], "/tmp/crbench-pg") &&
		      !strstr(argv.v[3], "/tmp/crbench-pg"),
	      "pgbench: the scripts name only their positional parameters");
	strvec_clear(&argv);
	/* A value meant to break out of the script stays one argv element. */
	test_params(ops, &odd, NULL);
	params_set(&odd, "bindir", evil, 0);
	ops->container_argv(&odd, "/crbench", &argv);
	CHECK(argv.nr == 7 && !strcmp(argv.v[4], evil) && !strstr(argv.v[2], "pwned") &&
		      !strstr(argv.v[3], "pwned"),
	      "pgbench: a hostile bindir is one element, not part of a script");
	strvec_clear(&argv);
	s = joined(ops->ready_argv, &def);
	CHECK(bash_probe(s, "[[ $reply == R ]]", "|crbench-ready|5499"),
	      "pgbench: ready when a startup packet over bash's /dev/tcp is answered 'R': %s", s);
	free(s);
	s = joined(ops->setup_argv, &def);
	CHECK_STR(s, "pgbench|-h|" SERVER_ADDRESS "|-p|5499|-U|postgres|-i|-s|5|postgres",
		  "pgbench: setup initialises scale 5");
	free(s);
	s = joined(ops->client_argv, &def);
	CHECK_STR(s, "pgbench|-h|" SERVER_ADDRESS "|-p|5499|-U|postgres|-T|10|-c|4|-j|2|postgres",
		  "pgbench: default client");
	free(s);

	/* Numbers read from the captured report by eye (pgbench 15.18). */
	good = data_text("pgbench-15.18-T2.txt");
	ret = parse_with(ops, &def, tmpdir, good, &m, &why);
	CHECK(ret == 0 && m.nr == 3 && has(&m, "tps", 343.362647, "transactions/s", "higher") &&
		      has(&m, "latency_avg_ms", 11.649, "ms", "lower") &&
		      has(&m, "failed_transactions", 0, "transactions", "lower"),
	      "pgbench: tps, average latency, failed transactions (%s)", why.buf);
	/* Before PostgreSQL 15 there was no failed-transactions line. */
	strbuf_addstr(&old, good);
	line = strstr(old.buf, "number of failed");
	memmove(line, strchr(line, '\n') + 1, strlen(strchr(line, '\n') + 1) + 1);
	ret = parse_with(ops, &def, tmpdir, old.buf, &m, &why);
	CHECK(ret == 0 && has(&m, "tps", 343.362647, "transactions/s", "higher") &&
		      isnan(metric(&m, "failed_transactions")->value),
	      "pgbench: without a failed-transactions line that value stays unset");
	/* Cut inside the tps number: not read as a smaller value. */
	strbuf_reset(&old);
	strbuf_add(&old, good, strstr(good, "343.36") + 6 - good);
	ret = parse_with(ops, &def, tmpdir, old.buf, &m, &why);
	CHECK(ret == -1 && strstr(why.buf, "tps"),
	      "pgbench: a report cut inside the tps line is refused (%s)", why.buf);
	check_malformed(ops, &def, NULL, good);
	free(good);
	metric_list_free(&m);
	strbuf_release(&why);
	strbuf_release(&old);
	params_free(&def);
	params_free(&odd);
}

/* ---- http --------------------------------------------------------------- */

/* Commands of the http workload: crbench's own load generator, bash's probe. */
static void test_http_argv(const struct workload_ops *ops)
{
	struct params def = {0}, set = {0};
	char *s;

	test_params(ops, &def, NULL);
	test_params(ops, &set,
		    (const char *[]){
			    "port=9000", "clients=3", "requests=7", "timeout=250ms", "deadline=1m",
			    "ready_path=/health?full=1", "content_type=application/json",
			    "operations=GET /a\n\n  POST /b {\"x\": 1}\nDELETE /c\n", NULL});
	s = joined_container(ops, &def);
	CHECK_STR(s, "sh|-c|exec python3 -m http.server --bind 0.0.0.0 \"$1\"|crbench-http|8089",
		  "http: the server command run by sh, the port its $1");
	free(s);
	s = joined(ops->ready_argv, &set);
	CHECK(bash_probe(s, "$status == 200", "|crbench-ready|9000|/health?full=1"),
	      "http: ready when bash gets HTTP 200 on ready_path over /dev/tcp: %s", s);
	free(s);
	s = joined(ops->client_argv, &def);
	CHECK_STR(s,
		  "crbench|http-load|--clients|2|--requests|200|--timeout|10s|--deadline|10m|"
		  "--content-type|application/x-www-form-urlencoded|--|http://" SERVER_ADDRESS
		  ":8089|GET /",
		  "http: default client, 2 clients x 200 requests of GET /");
	free(s);
	s = joined(ops->client_argv, &set);
	CHECK_STR(s,
		  "crbench|http-load|--clients|3|--requests|7|--timeout|250ms|--deadline|1m|"
		  "--content-type|application/json|--|http://" SERVER_ADDRESS ":9000|GET /a|"
		  "  POST /b {\"x\": 1}|DELETE /c",
		  "http: one argument per operation line, blank lines left out");
	free(s);
	params_free(&def);
	params_free(&set);
}

static void test_http(void)
{
	const struct workload_ops *ops = workload_find("http");
	struct params def = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT, odd = STRBUF_INIT;
	char *get, *some, *none;
	int ret;

	if (!CHECK(ops, "http is registered"))
		return;
	test_http_argv(ops);
	test_params(ops, &def, NULL);
	/* Numbers read from the captured outputs by eye. */
	get = data_text("http-load-python3.11-http.server-get.json");
	ret = parse_with(ops, &def, tmpdir, get, &m, &why);
	CHECK(ret == 0 && m.nr == 6 && has(&m, "requests_per_s", 316.9380626, "req/s", "higher") &&
		      has(&m, "latency_p25_ms", 1.54825, "ms", "lower") &&
		      has(&m, "latency_p50_ms", 2.573, "ms", "lower") &&
		      has(&m, "latency_p75_ms", 6.11925, "ms", "lower") &&
		      has(&m, "latency_p99_ms", 54.1464, "ms", "lower") &&
		      has(&m, "failed_requests", 0, "requests", "lower"),
	      "http: 2 x 200 GET: requests/s, latency quartiles, no failure (%s)", why.buf);
	some = data_text("http-load-python3.11-http.server-404.json");
	ret = parse_with(ops, &def, tmpdir, some, &m, &why);
	CHECK(ret == 0 && has(&m, "failed_requests", 14, "requests", "lower") &&
		      has(&m, "latency_p50_ms", 2.652, "ms", "lower"),
	      "http: 404 answers are failures; latencies of the 2xx ones (%s)", why.buf);
	none = data_text("http-load-refused.json");
	ret = parse_with(ops, &def, tmpdir, none, &m, &why);
	CHECK(ret == 0 && has(&m, "failed_requests", 10, "requests", "lower") &&
		      has(&m, "requests_per_s", 0, "req/s", "higher") &&
		      isnan(metric(&m, "latency_p50_ms")->value),
	      "http: every request refused: failures counted, latencies unset (%s)", why.buf);
	strbuf_addstr(&odd, get);
	memcpy(strstr(odd.buf, "\"succeeded\": 400"), "\"succeeded\": 399", 16);
	ret = parse_with(ops, &def, tmpdir, odd.buf, &m, &why);
	CHECK(ret == -1 && strstr(why.buf, "399 succeeded and 0 failed requests are not all 400"),
	      "http: counts that do not add up are refused (%s)", why.buf);
	strbuf_reset(&odd);
	strbuf_addstr(&odd, get);
	memcpy(strstr(odd.buf, "\"p50\": 2.573"), "\"p50\": null ", 12);
	ret = parse_with(ops, &def, tmpdir, odd.buf, &m, &why);
	CHECK(ret == -1 && strstr(why.buf, "latency_ms/p50"),
	      "http: a missing latency of successful requests is refused (%s)", why.buf);
	check_malformed(ops, &def, NULL, get);
	free(get);
	free(some);
	free(none);
	metric_list_free(&m);
	strbuf_release(&why);
	strbuf_release(&odd);
	params_free(&def);
}

/* ---- stress-ng ---------------------------------------------------------- */

static void test_stress_ng(void)
{
	const struct workload_ops *ops = workload_find("stress-ng");
	struct params one = {0}, two = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT;
	char *s, *good;
	int ret;

	test_params(ops, &one, NULL);
	test_params(ops, &two,
		    (const char *[]){"stressor=cpu,vm", "workers=2", "vm_bytes=32MiB", NULL});
	s = joined_container(ops, &one);
	CHECK_STR(s,
		  "stress-ng|--cpu|1|--timeout=5s|--metrics-brief|--yaml=/crbench/stress-ng.yaml",
		  "stress-ng: one stressor as before");
	free(s);
	s = joined_container(ops, &two);
	CHECK_STR(s,
		  "stress-ng|--cpu|2|--vm|2|--vm-bytes=33554432|--timeout=5s|--metrics-brief|"
		  "--yaml=/crbench/stress-ng.yaml",
		  "stress-ng: two stressors, vm_bytes for vm");
	free(s);
	/* Numbers read from the captured file by eye (stress-ng 0.15.06). */
	ret = parse_file(ops, &one, "stress-ng-0.15.06-cpu-vm.yaml", "stress-ng.yaml", &m, &why);
	CHECK(ret == 0 && m.nr == 1 &&
		      has(&m, "cpu_bogo_ops_per_s", 541.357102, "bogo-ops/s", "higher"),
	      "stress-ng: one stressor, metric name unchanged (%s)", why.buf);
	ret = parse_file(ops, &two, "stress-ng-0.15.06-cpu-vm.yaml", "stress-ng.yaml", &m, &why);
	CHECK(ret == 0 && m.nr == 2 &&
		      has(&m, "cpu_bogo_ops_per_s", 541.357102, "bogo-ops/s", "higher") &&
		      has(&m, "vm_bogo_ops_per_s", 19450.640539, "bogo-ops/s", "higher"),
	      "stress-ng: one metric per stressor (%s)", why.buf);
	good = data_text("stress-ng-0.15.06-cpu-vm.yaml");
	check_malformed(ops, &two, "stress-ng.yaml", good);
	free(good);
	metric_list_free(&m);
	strbuf_release(&why);
	params_free(&one);
	params_free(&two);
}

/* ---- experiment files --------------------------------------------------- */

/* spec_load() with its messages kept off the TAP stream. */
static int load_quietly(const char *path, struct experiment *exp)
{
	int saved = dup(2), null = open("/dev/null", 1), ret;

	fflush(stderr);
	dup2(null, 2);
	ret = spec_load(path, exp);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	close(null);
	return ret;
}

static void test_spec_files(void)
{
	static const struct {
		const char *file, *app, *param, *text;
	} cases[] = {
		{"workload-fio.yaml", "fio", "rw", "randrw"},
		{"workload-iperf3.yaml", "iperf3", "reverse", "true"},
		{"workload-redis.yaml", "redis", "test", "set"},
		{"workload-pgbench.yaml", "pgbench", "scale", "2"},
		{"workload-stress-ng.yaml", "stress-ng", "stressor", "cpu,vm"},
		{"workload-http.yaml", "http", "ready_path", "/tools.descartes.teastore.webui/"},
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct strbuf path = STRBUF_INIT;
		struct experiment exp;
		const struct spec_application *app;

		strbuf_addf(&path, "%s/tests/data/spec/%s", top, cases[i].file);
		if (!CHECK(load_quietly(path.buf, &exp) == 0, "%s loads", cases[i].file)) {
			strbuf_release(&path);
			continue;
		}
		app = &exp.apps[0];
		CHECK(!strcmp(app->ops->name, cases[i].app) &&
			      !strcmp(params_text(&app->params, cases[i].param), cases[i].text),
		      "%s: %s=%s", cases[i].file, cases[i].param, cases[i].text);
		CHECK(app->ops->estimate(&app->params) > 0, "%s: estimate", cases[i].file);
		spec_free(&exp);
		strbuf_release(&path);
	}
}

/* ---- helper mode for t0700 --------------------------------------------- */

/* `parse`: print the metrics of a live output, or why it was refused. */
static int helper_parse(const struct workload_ops *ops, const struct params *p, char **argv)
{
	struct strbuf out = STRBUF_INIT, why = STRBUF_INIT;
	struct metric_list m = {0};
	int ret = 0;

	if (read_file(argv[4], &out, READ_LIMIT_DATA) < 0 ||
	    parse_with(ops, p, argv[3], out.buf, &m, &why)) {
		fprintf(stderr, "parse: %s\n", why.len ? why.buf : "cannot read stdout file");
		ret = 1;
	}
	for (size_t i = 0; !ret && i < m.nr; i++)
		printf("%s %.17g %s\n", m.v[i].name, m.v[i].value, m.v[i].unit);
	metric_list_free(&m);
	strbuf_release(&out);
	strbuf_release(&why);
	return ret;
}

/* `exec`: replace this process with the step's argv; 3 when there is no such step. */
static int helper_exec(const struct workload_ops *ops, const struct params *p, char **argv)
{
	struct strvec cmd = STRVEC_INIT;

	if (!strcmp(argv[3], "container"))
		ops->container_argv(p, argv[4], &cmd);
	else if (!strcmp(argv[3], "ready") && ops->ready_argv)
		ops->ready_argv(p, &cmd);
	else if (!strcmp(argv[3], "setup") && ops->setup_argv)
		ops->setup_argv(p, &cmd);
	else if (!strcmp(argv[3], "client") && ops->client_argv)
		ops->client_argv(p, &cmd);
	else
		return 3;
	execvp(cmd.v[0], (char *const *)strvec_argv(&cmd));
	perror(cmd.v[0]);
	strvec_clear(&cmd);
	return 127;
}

static int helper(int argc, char **argv)
{
	const struct workload_ops *ops = argc >= 5 ? workload_find(argv[2]) : NULL;
	struct params p = {0};
	struct strbuf why = STRBUF_INIT;
	int ret = 2;

	if (!ops || load_params(ops, argv + 5, argc - 5, &p, &why) < 0)
		fprintf(stderr, "test_workloads: %s\n", why.len ? why.buf : "bad arguments");
	else if (!strcmp(argv[1], "parse"))
		ret = helper_parse(ops, &p, argv);
	else
		ret = helper_exec(ops, &p, argv);
	params_free(&p);
	strbuf_release(&why);
	return ret;
}

/* The one lookup finds every entry of the three plug-in tables, and nothing else. */
static void test_plugin_tables(void)
{
	struct strvec names = STRVEC_INIT;

	for (int i = 0; workload_table[i]; i++)
		CHECK(workload_find(workload_table[i]->name) == workload_table[i],
		      "workload %s found", workload_table[i]->name);
	for (int i = 0; driver_table[i]; i++)
		CHECK(driver_find(driver_table[i]->name) == driver_table[i], "driver %s found",
		      driver_table[i]->name);
	for (int i = 0; transport_table[i]; i++)
		CHECK(transport_find(transport_table[i]->name) == transport_table[i],
		      "transport %s found", transport_table[i]->name);
	CHECK(!workload_find("oci") && !driver_find("fio") && !transport_find(""),
	      "a name of no table's entry is not found");
	plugin_names(driver_table, &names);
	for (size_t i = 0; i < names.nr; i++)
		if (!CHECK(driver_table[i] && !strcmp(names.v[i], driver_table[i]->name),
			   "plugin_names: driver %zu is %s", i, names.v[i]))
			break;
	CHECK(names.nr && !driver_table[names.nr], "plugin_names lists every driver");
	strvec_clear(&names);
}

/* command's one metric is named, measured and judged as its parameters say. */
static void test_command(void)
{
	const struct workload_ops *ops = workload_find("command");
	struct params p = {0};
	struct metric_list m = {0};
	struct strbuf why = STRBUF_INIT;
	int ret;

	test_params(ops, &p,
		    (const char *[]){"command=true", "metric=boot_ms", "unit=ms", "better=lower",
				     "regex=took ([0-9.]+) ms", NULL});
	ret = parse_with(ops, &p, tmpdir, "it took 12.5 ms\n", &m, &why);
	CHECK(ret == 0 && m.nr == 1 && has(&m, "boot_ms", 12.5, "ms", "lower"),
	      "command: the metric the parameters declare (%s)", why.buf);
	metric_list_free(&m);
	params_free(&p);
	strbuf_release(&why);
}

/* The steps of `ops` whose argv[0] is crbench itself, as "ready", "setup", "client". */
static void crbench_steps(const struct workload_ops *ops, const struct params *p,
			  struct strvec *steps)
{
	void (*const build[])(const struct params *, struct strvec *) = {
		ops->ready_argv, ops->setup_argv, ops->client_argv};
	const char *const names[] = {"ready", "setup", "client"};

	for (size_t i = 0; i < 3; i++) {
		struct strvec argv = STRVEC_INIT;
		if (build[i])
			build[i](p, &argv);
		if (argv.nr && !strcmp(argv.v[0], WORKLOAD_CRBENCH))
			strvec_push(steps, names[i]);
		strvec_clear(&argv);
	}
}

/* The defaults of `w`'s parameters, "1" for a required one. */
static void default_params(const struct workload_ops *w, struct params *p)
{
	struct strvec required = STRVEC_INIT;

	for (const struct param_decl *d = w->params; d->name; d++)
		if (!d->default_value)
			strvec_pushf(&required, "%s=1", d->name);
	test_params(w, p, strvec_argv(&required));
	strvec_clear(&required);
}

/* A workload declares the host-side step that runs crbench, and only that one does. */
static void test_crbench_step(void)
{
	for (int i = 0; workload_table[i]; i++) {
		const struct workload_ops *w = workload_table[i];
		struct strvec steps = STRVEC_INIT;
		struct params p = {0};
		default_params(w, &p);
		crbench_steps(w, &p, &steps);
		if (w->crbench_step)
			CHECK(steps.nr == 1 && !strcmp(steps.v[0], w->crbench_step),
			      "%s: crbench_step \"%s\" is the one step that runs crbench", w->name,
			      w->crbench_step);
		else
			CHECK(!steps.nr, "%s: no crbench_step, no step runs crbench", w->name);
		params_free(&p);
		strvec_clear(&steps);
	}
}

/*
 * Every workload's table declares metrics for its defaults, each with its
 * {PARAM}s filled in, a unit, and higher or lower as better.
 */
static void test_declared_metrics(void)
{
	for (int i = 0; workload_table[i]; i++) {
		const struct workload_ops *w = workload_table[i];
		struct metric_list m = {0};
		struct params p = {0};
		size_t good = 0;
		default_params(w, &p);
		workload_declare_metrics(w, &p, &m);
		for (size_t j = 0; j < m.nr; j++)
			good += !strchr(m.v[j].name, '{') && *m.v[j].unit &&
				!strchr(m.v[j].unit, '{') &&
				(!strcmp(m.v[j].better, "higher") ||
				 !strcmp(m.v[j].better, "lower"));
		CHECK(m.nr && good == m.nr, "%s: %zu metrics declared by default, %zu well formed",
		      w->name, m.nr, good);
		metric_list_free(&m);
		params_free(&p);
	}
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "exec") || !strcmp(argv[1], "parse")))
		return helper(argc, argv);
	top = getenv("TOP");
	if (!top || !*top)
		top = ".";
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_plugin_tables();
	test_crbench_step();
	test_declared_metrics();
	test_command();
	test_fio();
	test_iperf3();
	test_redis();
	test_pgbench();
	test_stress_ng();
	test_http();
	test_spec_files();
	remove_tree(tmpdir);
	return tap_done();
}
