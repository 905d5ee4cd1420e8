/* `run --quick`: fewer repetitions, each workload's quick values where smaller, a note. */
#include "common/fsutil.h"
#include "spec/load.h"
#include "spec/quick.h"
#include "spec/spec.h"
#include "orchestrator/workload/workload.h"
#include "tests/unit/scratch.h"
#include "tests/unit/tap.h"

#include <stdio.h>
#include <stdlib.h>

static const char experiment[] =
	"name: q\n"
	"description: an experiment\n"
	"repetitions: 10\n"
	"warmup: 2\n"
	"pause: 3s\n"
	"idle: 5m\n"
	"hosts: [{name: local, transport: local}]\n"
	"runtimes: [{name: runc, driver: oci, handler: runc}]\n"
	"applications:\n"
	"  - {name: cpu, workload: stress-ng, params: {duration: 60s}}\n"
	"  - {name: io, workload: fio, params: {runtime: 30s, size: 8MiB}}\n"
	"  - {name: kv, workload: redis, params: {requests: 1000000}}\n"
	"  - {name: db, workload: pgbench}\n"
	"  - {name: cmd, workload: command, params: {command: 'true'}}\n";

static double number(const struct experiment *exp, size_t app, const char *name)
{
	return params_number(&exp->apps[app].params, name);
}

static void test_experiment(const char *dir)
{
	char *path = scratch_write(dir, "q.yaml", experiment);
	struct experiment exp;

	if (!CHECK(spec_load(path, &exp) == 0, "the experiment loads")) {
		free(path);
		return;
	}
	experiment_make_quick(&exp);
	CHECK(exp.repetitions == 2, "2 repetitions instead of 10");
	CHECK(exp.warmup == 0 && exp.pause == 0, "no warm-up rounds, no pause");
	CHECK(exp.idle == 1 && exp.apps[0].idle == 1, "an idle period of 1 s, not 5 minutes");
	CHECK(number(&exp, 0, "duration") == 1, "stress-ng: 60 s become 1 s");
	CHECK_STR(params_text(&exp.apps[0].params, "duration"), "1s", "and the text says so");
	CHECK(number(&exp, 1, "runtime") == 1, "fio: 30 s become 1 s");
	CHECK(number(&exp, 1, "size") == 8 << 20, "a value smaller than the quick one stays");
	CHECK(number(&exp, 2, "requests") == 20000, "redis: fewer requests");
	CHECK(number(&exp, 3, "scale") == 1 && number(&exp, 3, "duration") == 2,
	      "pgbench: defaults shrink too");
	CHECK_STR(params_text(&exp.apps[4].params, "command"), "true",
		  "a workload without quick values is untouched");
	CHECK(strstr(exp.description, "an experiment [--quick") == exp.description,
	      "the description says it is a quick run");
	spec_free(&exp);
	free(path);
}

/* Every workload's quick table names declared parameters with valid values. */
static void test_tables(void)
{
	for (int i = 0; workload_table[i]; i++) {
		const struct workload_ops *w = workload_table[i];
		for (const struct param_override *q = w->quick; q && q->name; q++) {
			const struct param_decl *d = w->params;
			struct strbuf why = STRBUF_INIT;
			double v;
			while (d->name && strcmp(d->name, q->name))
				d++;
			CHECK(d->name && param_parse(d, q->text, &v, &why) == 0,
			      "%s: quick %s=%s is a valid value of a declared parameter", w->name,
			      q->name, q->text);
			strbuf_release(&why);
		}
	}
}

int main(void)
{
	char dir[] = "/tmp/crbench-test-quick.XXXXXX";

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	test_experiment(dir);
	test_tables();
	remove_tree(dir);
	return tap_done();
}
