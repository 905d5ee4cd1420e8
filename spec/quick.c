/*
 * `--quick`: the same experiment, smaller, to check a set-up in minutes
 * before the overnight run; its numbers are not for publication, and the
 * description says so (it reaches experiment.yaml and the report).
 */
#include "common/error.h"
#include "common/strbuf.h"
#include "spec/quick.h"
#include "spec/spec.h"
#include "orchestrator/workload/workload.h"

#include <stdlib.h>
#include <string.h>

#define QUICK_REPETITIONS  2
#define QUICK_IDLE_SECONDS 1.0
#define QUICK_NOTE	   "[--quick: fewer repetitions, shorter workloads; not for publication]"

static const struct param_decl *find_decl(const struct param_decl *decls, const char *name)
{
	for (; decls->name; decls++)
		if (!strcmp(decls->name, name))
			return decls;
	return NULL;
}

/* The workload's quick values, where they are smaller than the experiment's. */
static void shrink_params(struct spec_application *app)
{
	for (const struct param_override *q = app->ops->quick; q && q->name; q++) {
		const struct param_decl *decl = find_decl(app->ops->params, q->name);
		struct strbuf why = STRBUF_INIT;
		double value;

		/* the tables are the program's own: a bad entry is a bug */
		if (!decl || param_parse(decl, q->text, &value, &why) < 0)
			die("workload %s: bad quick value %s=%s %s", app->ops->name, q->name,
			    q->text, why.buf);
		strbuf_release(&why);
		if (value < params_number(&app->params, q->name))
			params_set(&app->params, q->name, q->text, value);
	}
}

void experiment_make_quick(struct experiment *exp)
{
	struct strbuf description = STRBUF_INIT;

	if (exp->repetitions > QUICK_REPETITIONS)
		exp->repetitions = QUICK_REPETITIONS;
	exp->warmup = 0;
	exp->pause = 0;
	if (exp->idle > QUICK_IDLE_SECONDS)
		exp->idle = QUICK_IDLE_SECONDS;
	for (size_t i = 0; i < exp->nr_apps; i++) {
		shrink_params(&exp->apps[i]);
		if (exp->apps[i].idle > QUICK_IDLE_SECONDS)
			exp->apps[i].idle = QUICK_IDLE_SECONDS;
	}
	strbuf_addstr(&description, exp->description);
	strbuf_addstr(&description, *exp->description ? " " QUICK_NOTE : QUICK_NOTE);
	free(exp->description);
	exp->description = strbuf_detach(&description, NULL);
}
