/*
 * Unit tests of the experiment loader (spec/load.c, its sections and the
 * writer): the reference experiment, defaults, inheritance, the resolved
 * round trip, and every malformed file under tests/data/spec/bad/, each
 * of which names in its first lines the problems it must produce:
 *   # expect: LINE:COL: <message substring>
 */
#include "common/fsutil.h"
#include "common/strbuf.h"
#include "common/xalloc.h"
#include "orchestrator/driver/driver.h"
#include "spec/load.h"
#include "spec/spec.h"
#include "spec/write.h"
#include "orchestrator/workload/workload.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <glob.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

static const char *top;
static char tmpdir[] = "/tmp/crbench-test-spec.XXXXXX";

static char *top_path(const char *rel)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s/%s", top, rel);
	return strbuf_detach(&sb, NULL);
}

/* Write `text` to a new file in the scratch directory; returns its path. */
static char *scratch_file(const char *name, const char *text)
{
	return scratch_write(tmpdir, name, text);
}

/* spec_load() with stderr captured into `err`. */
static int load_capturing(const char *path, struct experiment *exp, struct strbuf *err)
{
	FILE *tmp = tmpfile();
	int saved = dup(2), ret;
	char chunk[4096];
	size_t n;

	if (!tmp || saved < 0)
		abort();
	fflush(stderr);
	dup2(fileno(tmp), 2);
	ret = spec_load(path, exp);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	rewind(tmp);
	while ((n = fread(chunk, 1, sizeof(chunk), tmp)) > 0)
		strbuf_add(err, chunk, n);
	fclose(tmp);
	return ret;
}

static void test_local(void)
{
	char *path = top_path("experiments/local.yaml");
	struct experiment exp;
	const struct spec_runtime *rt;
	const struct spec_application *app;

	if (!CHECK(spec_load(path, &exp) == 0, "experiments/local.yaml loads")) {
		free(path);
		return;
	}
	CHECK_STR(exp.name, "local", "name");
	CHECK(strstr(exp.description, "gVisor") != NULL, "description");
	CHECK(exp.seed == 42 && exp.repetitions == 4, "seed 42, 4 repetitions");
	CHECK(exp.nr_hosts == 1 && !strcmp(exp.hosts[0].name, "local") &&
		      !strcmp(exp.hosts[0].transport, "local") &&
		      !strcmp(exp.hosts[0].host_type, "bare-metal"),
	      "one local bare-metal host");
	CHECK(exp.hosts[0].pos.line == 14 && exp.hosts[0].pos.col == 5, "host position 14:5");
	CHECK(exp.limits.cpus == 1 && exp.limits.memory_bytes == 2147483648.0,
	      "limits 1 CPU, 2GiB");
	CHECK(exp.timeout == 600, "default timeout 600 s");
	CHECK(exp.nr_runtimes == 3, "three runtimes");
	CHECK(!strcmp(exp.runtimes[1].name, "crun") && !strcmp(exp.runtimes[1].handler, "crun"),
	      "crun through the oci driver");
	rt = &exp.runtimes[2];
	CHECK(!strcmp(rt->name, "runsc") && !strcmp(rt->driver, "oci") &&
		      !strcmp(rt->handler, "runsc") && rt->ops == driver_find("oci"),
	      "runsc through the oci driver");
	CHECK(rt->options.nr == 1 && !strcmp(rt->options.v[0], "--network=none"), "runsc options");
	CHECK(exp.runtimes[0].options.nr == 0, "runc has no options");
	CHECK(exp.nr_apps == 5, "five applications");
	for (size_t i = 0; i < exp.nr_apps && i < 5; i++)
		CHECK(exp.apps[i].ops ==
			      workload_find((const char *[]){"stress-ng", "fio", "iperf3", "redis",
							     "pgbench"}[i]),
		      "application %zu is the study's workload", i + 1);
	app = &exp.apps[0];
	CHECK(!strcmp(app->name, "stress-cpu") && app->ops == workload_find("stress-ng"),
	      "stress-cpu is a stress-ng workload");
	CHECK_STR(params_text(&app->params, "stressor"), "cpu", "param stressor");
	CHECK(params_number(&app->params, "workers") == 1, "param workers");
	CHECK(params_number(&app->params, "duration") == 3 &&
		      !strcmp(params_text(&app->params, "duration"), "3s"),
	      "param duration 3s = 3 seconds, text kept");
	CHECK(exp.nr_excludes == 0, "no exclusion: iperf3 runs under runsc too");
	CHECK(exp.idle == 2 && app->idle == 2, "idle 2 s, inherited");
	CHECK(app->limits.cpus == 1 && app->limits.memory_bytes == 2147483648.0 &&
		      app->timeout == 600,
	      "application inherits limits and timeout");
	CHECK(exp.metrics == (METRIC_DEPLOY_TIME | METRIC_PERFORMANCE | METRIC_IDLE_MEMORY),
	      "metrics: all three");
	CHECK_STR(exp.baseline, "runc", "baseline");
	CHECK_STR(exp.file, path, "file kept for messages");
	spec_free(&exp);
	free(path);
}

static const char minimal[] = "name: tiny\n"
			      "runtimes:\n"
			      "  - {name: runc, driver: oci}\n"
			      "  - {name: ctr, driver: containerd}\n"
			      "applications:\n"
			      "  - name: a\n"
			      "    workload: stress-ng\n";

static void test_defaults(void)
{
	char *path = scratch_file("minimal.yaml", minimal);
	struct experiment exp;
	const struct spec_application *app;

	if (!CHECK(spec_load(path, &exp) == 0, "minimal experiment loads")) {
		free(path);
		return;
	}
	CHECK_STR(exp.description, "", "default description is empty");
	CHECK(exp.seed == 1 && exp.repetitions == 5 && exp.timeout == 600,
	      "default seed 1, 5 repetitions, 600 s");
	CHECK(exp.nr_hosts == 1 && !strcmp(exp.hosts[0].name, "local") &&
		      !strcmp(exp.hosts[0].transport, "local") &&
		      !strcmp(exp.hosts[0].host_type, "bare-metal") && exp.hosts[0].pos.line == 0,
	      "default host local/local/bare-metal, no position");
	CHECK(!exp.hosts[0].crbench, "no crbench given: NULL (this binary on a local host)");
	CHECK(exp.limits.cpus == 0 && exp.limits.memory_bytes == 0, "no limits by default");
	CHECK_STR(exp.runtimes[0].handler, "runc", "handler defaults to the runtime name");
	CHECK_STR(exp.runtimes[1].handler, "io.containerd.runc.v2",
		  "or to the driver's default handler");
	CHECK(exp.runtimes[0].options.nr == 0, "no options by default");
	app = &exp.apps[0];
	CHECK(app->params.nr == 4, "every declared parameter is filled in");
	CHECK(!strcmp(params_text(&app->params, "stressor"), "cpu") &&
		      params_number(&app->params, "workers") == 1 &&
		      params_number(&app->params, "duration") == 5,
	      "parameter defaults from the workload table");
	CHECK(exp.metrics == (METRIC_DEPLOY_TIME | METRIC_PERFORMANCE),
	      "default metrics deploy_time, performance");
	CHECK(exp.idle == 10 && app->idle == 10, "default idle period 10 s, inherited");
	CHECK_STR(exp.baseline, "runc", "baseline defaults to the first runtime");
	spec_free(&exp);
	free(path);
}

static const char overrides[] =
	"name: over\n"
	"description: \"quotes \\\" and: colons, ünïcode\"\n"
	"seed: 18446744073709551615\n"
	"repetitions: 100000\n"
	"hosts:\n"
	"  - {name: h1, crbench: /opt/crbench/bin/crbench}\n"
	"  - {name: h2, transport: local, host_type: nested-vm}\n"
	"  - {name: h3, address: 192.0.2.3, crbench: crbench}\n"
	"limits: {cpus: 2.5, memory: 1GiB}\n"
	"timeout: 10m\n"
	"idle: 5m\n"
	"runtimes:\n"
	"  - {name: a, driver: oci, handler: runc, options: [\"--x=1\", \"y z\"]}\n"
	"  - {name: b, driver: oci, handler: crun}\n"
	"applications:\n"
	"  - name: one\n"
	"    workload: stress-ng\n"
	"    params: {stressor: vm, duration: 1500ms, workers: 8}\n"
	"    limits: {memory: 512MiB}\n"
	"    timeout: 0.1\n"
	"    idle: 1500ms\n"
	"  - name: two\n"
	"    workload: stress-ng\n"
	"metrics: [performance, idle_memory]\n"
	"baseline: b\n";

static void test_overrides(void)
{
	char *path = scratch_file("overrides.yaml", overrides);
	struct experiment exp;

	if (!CHECK(spec_load(path, &exp) == 0, "experiment with every key loads")) {
		free(path);
		return;
	}
	CHECK(exp.seed == 18446744073709551615UL && exp.repetitions == 100000,
	      "largest seed and repetitions");
	CHECK(exp.limits.cpus == 2.5 && exp.limits.memory_bytes == 1073741824.0 &&
		      exp.timeout == 600,
	      "top-level limits and timeout");
	CHECK(exp.apps[0].limits.cpus == 2.5 && exp.apps[0].limits.memory_bytes == 536870912.0,
	      "application overrides memory only, inherits cpus");
	CHECK(fabs(exp.apps[0].timeout - 0.1) < 1e-12 && exp.apps[1].timeout == 600,
	      "application timeout overrides; the other inherits 10m");
	CHECK(params_number(&exp.apps[0].params, "duration") == 1.5, "duration 1500ms");
	CHECK(!strcmp(exp.hosts[1].host_type, "nested-vm") &&
		      !strcmp(exp.hosts[0].host_type, "bare-metal"),
	      "host types");
	CHECK(exp.hosts[0].crbench && !strcmp(exp.hosts[0].crbench, "/opt/crbench/bin/crbench") &&
		      !exp.hosts[1].crbench,
	      "crbench: an absolute path on a local host; none given: NULL");
	CHECK(!strcmp(exp.hosts[2].transport, "ssh") && exp.hosts[2].crbench &&
		      !strcmp(exp.hosts[2].crbench, "crbench"),
	      "crbench: a bare name on an ssh host (it does not make a host an ssh host)");
	CHECK(exp.metrics == (METRIC_PERFORMANCE | METRIC_IDLE_MEMORY) &&
		      !strcmp(exp.baseline, "b"),
	      "metrics and baseline as given");
	CHECK(exp.idle == 300 && exp.apps[0].idle == 1.5 && exp.apps[1].idle == 300,
	      "idle 5m; an application overrides it, the other inherits it");
	spec_free(&exp);
	free(path);
}

static int same_params(const struct params *a, const struct params *b)
{
	if (a->nr != b->nr)
		return 0;
	for (size_t i = 0; i < a->nr; i++)
		if (strcmp(a->v[i].name, b->v[i].name) || strcmp(a->v[i].text, b->v[i].text) ||
		    a->v[i].number != b->v[i].number)
			return 0;
	return 1;
}

static int same_limits(const struct spec_limits *a, const struct spec_limits *b)
{
	return a->cpus == b->cpus && a->memory_bytes == b->memory_bytes;
}

static int same_runtime(const struct spec_runtime *a, const struct spec_runtime *b)
{
	if (strcmp(a->name, b->name) || strcmp(a->driver, b->driver) ||
	    strcmp(a->handler, b->handler) || a->ops != b->ops || a->options.nr != b->options.nr)
		return 0;
	for (size_t i = 0; i < a->options.nr; i++)
		if (strcmp(a->options.v[i], b->options.v[i]))
			return 0;
	return 1;
}

static int same_app(const struct spec_application *a, const struct spec_application *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->workload, b->workload) && a->ops == b->ops &&
	       same_params(&a->params, &b->params) && same_limits(&a->limits, &b->limits) &&
	       a->timeout == b->timeout && a->idle == b->idle;
}

static int same_optional(const char *a, const char *b)
{
	return a && b ? !strcmp(a, b) : a == b;
}

static int same_host(const struct spec_host *a, const struct spec_host *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->transport, b->transport) &&
	       !strcmp(a->host_type, b->host_type) && same_optional(a->address, b->address) &&
	       same_optional(a->crbench, b->crbench);
}

/* Every value the loader sets (positions aside: they point into different files). */
static int same_figure(const struct spec_figure *a, const struct spec_figure *b)
{
	return !strcmp(a->name, b->name) && !strcmp(a->metric, b->metric) &&
	       a->grouping == b->grouping && a->scale == b->scale && a->normalize == b->normalize &&
	       a->points == b->points && !strcmp(a->size, b->size) && a->width_in == b->width_in &&
	       a->height_in == b->height_in;
}

static int same_strvec(const struct strvec *a, const struct strvec *b)
{
	if (a->nr != b->nr)
		return 0;
	for (size_t i = 0; i < a->nr; i++)
		if (strcmp(a->v[i], b->v[i]))
			return 0;
	return 1;
}

static int same_excludes(const struct experiment *a, const struct experiment *b)
{
	if (a->nr_excludes != b->nr_excludes)
		return 0;
	for (size_t i = 0; i < a->nr_excludes; i++)
		for (int d = 0; d < DIM_N; d++)
			if (!same_strvec(&a->excludes[i].values[d], &b->excludes[i].values[d]))
				return 0;
	return 1;
}

static int same_experiment(const struct experiment *a, const struct experiment *b)
{
	if (a->nr_figures != b->nr_figures || !same_excludes(a, b))
		return 0;
	for (size_t i = 0; i < a->nr_figures; i++)
		if (!same_figure(&a->figures[i], &b->figures[i]))
			return 0;
	if (strcmp(a->name, b->name) || strcmp(a->description, b->description) ||
	    a->seed != b->seed || a->repetitions != b->repetitions || a->nr_hosts != b->nr_hosts ||
	    a->nr_runtimes != b->nr_runtimes || a->nr_apps != b->nr_apps ||
	    a->metrics != b->metrics || strcmp(a->baseline, b->baseline) ||
	    !same_limits(&a->limits, &b->limits) || a->timeout != b->timeout || a->idle != b->idle)
		return 0;
	for (size_t i = 0; i < a->nr_hosts; i++)
		if (!same_host(&a->hosts[i], &b->hosts[i]))
			return 0;
	for (size_t i = 0; i < a->nr_runtimes; i++)
		if (!same_runtime(&a->runtimes[i], &b->runtimes[i]))
			return 0;
	for (size_t i = 0; i < a->nr_apps; i++)
		if (!same_app(&a->apps[i], &b->apps[i]))
			return 0;
	return 1;
}

static void round_trip(const char *label, const char *path)
{
	struct experiment a, b;
	struct strbuf first = STRBUF_INIT, second = STRBUF_INIT;
	char *copy = NULL;

	if (!CHECK(spec_load(path, &a) == 0, "%s: loads", label))
		return;
	CHECK(spec_write_resolved(&a, &first) == 0, "%s: resolved experiment written", label);
	copy = scratch_file("resolved.yaml", first.buf);
	if (CHECK(spec_load(copy, &b) == 0, "%s: resolved experiment loads back", label)) {
		CHECK(same_experiment(&a, &b), "%s: same values after the round trip", label);
		CHECK(spec_write_resolved(&b, &second) == 0 && !strcmp(first.buf, second.buf),
		      "%s: writing it again gives the same text", label);
		spec_free(&b);
	}
	if (tap_failures)
		printf("# resolved %s:\n%s", label, first.buf);
	spec_free(&a);
	free(copy);
	strbuf_release(&first);
	strbuf_release(&second);
}

static const char figures[] = "name: figs\n"
			      "runtimes: [{name: runc, driver: oci}, {name: runsc, driver: oci}]\n"
			      "applications: [{name: a, workload: stress-ng}]\n"
			      "exclude: [{runtime: runsc, application: a, host_type: nested-vm}]\n"
			      "figures:\n"
			      "  - {name: dep, metric: deploy_time, size: 5x2.5, normalize: true}\n"
			      "  - {name: perf, metric: cpu_bogo_ops_per_s, grouping: metric,\n"
			      "     scale: log, points: true, size: double}\n";

/* Default figures when the file has none; declared ones as written, and back. */
static void test_figures(void)
{
	char *path = scratch_file("figures.yaml", figures);
	char *local = top_path("experiments/local.yaml");
	struct experiment exp;
	struct strbuf out = STRBUF_INIT;
	double w, h;

	if (CHECK(spec_load(local, &exp) == 0, "local.yaml loads")) {
		CHECK(exp.nr_figures == 3 && !exp.figures_declared &&
			      !strcmp(exp.figures[0].metric, "deploy_time") &&
			      !strcmp(exp.figures[1].metric, "performance") &&
			      !strcmp(exp.figures[2].metric, "idle_memory") &&
			      exp.figures[1].grouping == GROUP_BY_APPLICATION &&
			      exp.figures[1].width_in == 0,
		      "no figures: one per metric kind, panels per application, auto size");
		spec_write_resolved(&exp, &out);
		CHECK(!strstr(out.buf, "figures"), "default figures are not written back");
		spec_free(&exp);
	}
	if (CHECK(spec_load(path, &exp) == 0, "declared figures load")) {
		const struct spec_figure *d = &exp.figures[0], *p = &exp.figures[1];
		CHECK(exp.nr_figures == 2 && d->normalize && d->width_in == 5 &&
			      d->height_in == 2.5 && d->scale == SCALE_LINEAR && !d->points,
		      "figure 1: normalized, 5 x 2.5 in, linear");
		CHECK(p->grouping == GROUP_BY_METRIC && p->scale == SCALE_LOG && p->points &&
			      p->width_in == FIGURE_DOUBLE_IN && p->height_in == 0,
		      "figure 2: per metric, log, points, double column");
		spec_free(&exp);
	}
	round_trip("figures", path);
	CHECK(spec_figure_size("single", &w, &h) == 0 && w == 3.5 && h == 0 &&
		      spec_figure_size("3.5x2", &w, &h) == 0 && w == 3.5 && h == 2 &&
		      spec_figure_size("3.5x", &w, &h) < 0 && spec_figure_size("x2", &w, &h) < 0 &&
		      spec_figure_size("0.5x2", &w, &h) < 0 &&
		      spec_figure_size("4x3in", &w, &h) < 0,
	      "figure sizes: single, WxH; malformed and out-of-range ones refused");
	strbuf_release(&out);
	free(path);
	free(local);
}

static void test_round_trip(void)
{
	char *local = top_path("experiments/local.yaml");
	char *minimal_path = scratch_file("minimal.yaml", minimal);
	char *overrides_path = scratch_file("overrides.yaml", overrides);
	struct experiment exp;
	struct strbuf out = STRBUF_INIT;

	round_trip("local.yaml", local);
	round_trip("minimal", minimal_path);
	round_trip("overrides", overrides_path);
	if (spec_load(overrides_path, &exp) == 0) {
		spec_write_resolved(&exp, &out);
		CHECK(strstr(out.buf, "  crbench: /opt/crbench/bin/crbench\n") &&
			      strstr(out.buf, "  crbench: crbench\n") &&
			      !strstr(out.buf, "- name: h2\n  transport: local\n  host_type: "
					       "nested-vm\n  crbench"),
		      "resolved experiment keeps each host's crbench, and no default");
		spec_free(&exp);
		strbuf_reset(&out);
	}
	if (spec_load(local, &exp) == 0) {
		spec_write_resolved(&exp, &out);
		CHECK(strstr(out.buf, "\nmemory: 2147483648\n") == NULL &&
			      strstr(out.buf, "  memory: 2147483648\n") != NULL &&
			      strstr(out.buf, "timeout: 600\n") != NULL &&
			      strstr(out.buf, "handler: runc\n") != NULL,
		      "resolved local.yaml spells out limits, timeout and handlers");
		spec_free(&exp);
	}
	strbuf_release(&out);
	free(local);
	free(minimal_path);
	free(overrides_path);
}

/* The "# expect: LINE:COL: text" lines at the top of a bad file. */
static void read_expectations(const char *path, struct strvec *expect)
{
	struct strbuf text = STRBUF_INIT;
	const char *tag = "# expect: ";

	if (read_file(path, &text, READ_LIMIT_DATA) < 0)
		return;
	for (char *line = text.buf; !strncmp(line, tag, strlen(tag));) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		strvec_pushf(expect, "%s:%s", path, line + strlen(tag));
		if (!nl)
			break;
		line = nl + 1;
	}
	strbuf_release(&text);
}

static void check_bad_file(const char *path)
{
	struct strvec expect = STRVEC_INIT;
	struct strbuf err = STRBUF_INIT;
	struct experiment exp;
	const char *name = strrchr(path, '/') + 1;
	int ret;

	read_expectations(path, &expect);
	if (!CHECK(expect.nr > 0, "%s: has an '# expect:' line", name))
		return;
	ret = load_capturing(path, &exp, &err);
	CHECK(ret == -1, "%s: refused", name);
	for (size_t i = 0; i < expect.nr; i++)
		if (!CHECK(strstr(err.buf, expect.v[i]) != NULL, "%s: reports %s", name,
			   strchr(expect.v[i] + strlen(path), ':') + 1))
			printf("#   stderr was: %s", err.buf);
	CHECK(exp.name == NULL && exp.runtimes == NULL, "%s: nothing left allocated", name);
	strvec_clear(&expect);
	strbuf_release(&err);
}

static void test_bad_files(void)
{
	char *pattern = top_path("tests/data/spec/bad/*.yaml");
	glob_t g;

	if (!CHECK(glob(pattern, 0, NULL, &g) == 0 && g.gl_pathc >= 20,
		   "at least 20 malformed experiments")) {
		free(pattern);
		return;
	}
	for (size_t i = 0; i < g.gl_pathc; i++)
		check_bad_file(g.gl_pathv[i]);
	globfree(&g);
	free(pattern);
}

/* The message about a name of 10 MB that starts with `start`. */
static int load_long_name(const char *start, struct strbuf *err)
{
	struct strbuf text = STRBUF_INIT;
	struct experiment exp;
	char *path;
	int ret;

	strbuf_addf(&text, "name: '%s", start);
	strbuf_addchars(&text, 'x', 10 << 20);
	strbuf_addstr(&text, "'\nruntimes: [{name: runc, driver: oci}]\n"
			     "applications: [{name: a, workload: stress-ng}]\n");
	path = scratch_file("long-value.yaml", text.buf);
	ret = load_capturing(path, &exp, err);
	strbuf_release(&text);
	free(path);
	return ret;
}

/* A value of 10 MB is echoed in its message cut short, not whole. */
static void test_long_value(void)
{
	struct strbuf err = STRBUF_INIT;
	int ret = load_long_name("", &err);

	CHECK(ret == -1, "a 10 MB name is refused");
	CHECK(strstr(err.buf, ":1:7: invalid name \"xxxxxxxx") &&
		      strstr(err.buf, "x…\": is longer"),
	      "its message names it, cut short");
	CHECK(err.len < 400, "the message is short (%zu bytes)", err.len);
	strbuf_reset(&err);
	ret = load_long_name("a\"", &err);
	CHECK(ret == -1 && err.len < 400, "also when the name holds a quote (%zu bytes)", err.len);
	strbuf_release(&err);
}

static void test_missing_file(void)
{
	struct strbuf err = STRBUF_INIT;
	struct experiment exp;
	char *path = top_path("tests/data/spec/no-such-file.yaml");

	CHECK(load_capturing(path, &exp, &err) == -1 && strstr(err.buf, "no-such-file.yaml"),
	      "a missing file is refused, naming it");
	strbuf_release(&err);
	free(path);
}

int main(void)
{
	top = getenv("TOP");
	if (!top || !*top)
		top = ".";
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_local();
	test_defaults();
	test_overrides();
	test_round_trip();
	test_figures();
	test_bad_files();
	test_long_value();
	test_missing_file();
	remove_tree(tmpdir);
	return tap_done();
}
