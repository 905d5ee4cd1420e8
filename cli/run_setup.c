#include "cli/run_setup.h"
#include "common/digest.h"
#include "common/error.h"
#include "common/fsutil.h"
#include "common/jsonfile.h"
#include "common/xalloc.h"
#include "orchestrator/engine/journal.h"
#include "spec/load.h"
#include "spec/quick.h"
#include "orchestrator/engine/rundir.h"
#include "common/parse_options.h"
#include "common/timeutil.h"
#include "orchestrator/workload/workload.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

/* No user seed can be this value: it marks "--seed not given". */
#define SEED_UNSET ((unsigned long)-1)

static void default_output(const struct experiment *exp, struct strbuf *out)
{
	char stamp[32];

	utc_compact(stamp, time(NULL));
	strbuf_addf(out, "results/%s-%s", exp->name, stamp);
}

int setup_from_args(int argc, const char **argv, const char *const *usage,
		    const struct option_spec *extra, struct run_options *opts,
		    struct experiment *exp, struct matrix *m, struct strbuf *dir)
{
	struct option_spec shared[] = {RUN_OPTIONS(opts)}, options[16];
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(shared); i++)
		options[n++] = shared[i];
	for (; extra && extra->type != OPTION_END && n < ARRAY_SIZE(options) - 1; extra++)
		options[n++] = *extra;
	options[n] = (struct option_spec)OPT_END();
	opts->seed = SEED_UNSET;
	if (parse_options(argc, argv, options, usage) != 1) {
		error("expected exactly one experiment file");
		print_usage(stderr, usage, options);
		return EXIT_USAGE;
	}
	if (spec_load(argv[0], exp) < 0)
		return EXIT_USAGE;
	if (opts->quick)
		experiment_make_quick(exp);
	if (opts->reps > 0)
		exp->repetitions = opts->reps;
	if (opts->seed != SEED_UNSET)
		exp->seed = opts->seed;
	if (matrix_build(exp, &opts->only, exp->repetitions, exp->seed, m) < 0) {
		spec_free(exp);
		strvec_clear(&opts->only);
		return EXIT_USAGE;
	}
	if (opts->output)
		strbuf_addstr(dir, opts->output);
	else
		default_output(exp, dir);
	return 0;
}

void setup_release(struct run_options *opts, struct experiment *exp, struct matrix *m,
		   struct strbuf *dir)
{
	strbuf_release(dir);
	strvec_clear(&opts->only);
	matrix_free(m);
	spec_free(exp);
}

static void print_cells(const struct matrix *m)
{
	printf("%-4s %-12s %-11s %-14s %-16s %s\n", "cell", "host", "host_type", "runtime",
	       "application", "variant");
	for (size_t i = 0; i < m->nr_cells; i++) {
		const struct cell *c = &m->cells[i];
		printf("%-4zu %-12s %-11s %-14s %-16s %s\n", i + 1, c->host->name,
		       c->host->host_type, c->rt->name, c->app->name, c->variant);
	}
}

void setup_print_plan(const struct experiment *exp, const struct matrix *m, const char *dir)
{
	double work, total = matrix_estimate(exp, m, &work);
	double idle = matrix_idle_seconds(exp, m);
	char total_s[32], work_s[32], idle_s[32];

	format_duration(total_s, total);
	format_duration(work_s, work - idle);
	format_duration(idle_s, idle);
	printf("experiment %s (%s)\n", exp->name, exp->file);
	if (*exp->description)
		printf("  %s\n", exp->description);
	printf("\n");
	print_cells(m);
	printf("\n%zu cells x %d repetitions = %zu repetitions, seed %lu, %s order\n", m->nr_cells,
	       m->repetitions, m->nr_plan, exp->seed, spec_order_name(exp->order));
	printf("estimated duration: %s (%s of workload, ", total_s, work_s);
	if (idle > 0)
		printf("%s idling before idle memory is measured, ", idle_s);
	printf("~%.0f s overhead per repetition)\n", REPETITION_OVERHEAD_SECONDS);
	if (dir)
		printf("results: %s\n", dir);
}

/* experiment.yaml must be the one the run started with: results of two experiments don't mix. */
static int check_digest(const char *dir, json_t *info)
{
	struct strbuf path = STRBUF_INIT, text = STRBUF_INIT;
	const char *recorded = json_string_value(json_object_get(info, "experiment_sha256"));
	char digest[65];
	int ret;

	strbuf_addf(&path, "%s/experiment.yaml", dir);
	ret = read_file(path.buf, &text, READ_LIMIT_CONFIG);
	if (!ret) {
		sha256_hex(text.buf, text.len, digest);
		if (!recorded || strcmp(recorded, digest))
			ret = error("%s was changed since the run started (its SHA-256 is not the "
				    "one in run.json); start a new run instead",
				    path.buf);
	}
	strbuf_release(&path);
	strbuf_release(&text);
	return ret;
}

static int read_only_filters(const char *dir, struct strvec *only)
{
	struct strbuf path = STRBUF_INIT;
	json_t *info, *list;
	int ret;

	strbuf_addf(&path, "%s/run.json", dir);
	ret = json_read_file(path.buf, READ_LIMIT_CONFIG, &info);
	list = json_object_get(info, "only");
	if (!ret && list && !json_is_array(list))
		ret = error("%s: \"only\" is not a list", path.buf);
	else if (!ret)
		ret = check_digest(dir, info);
	for (size_t i = 0; !ret && i < json_array_size(list); i++)
		if (json_is_string(json_array_get(list, i)))
			strvec_push(only, json_string_value(json_array_get(list, i)));
	json_decref(info);
	strbuf_release(&path);
	return ret;
}

static int same_plan(const char *dir, const struct matrix *m)
{
	struct strbuf path = STRBUF_INIT, recorded = STRBUF_INIT, now = STRBUF_INIT;
	int ret = 0;

	strbuf_addf(&path, "%s/plan.tsv", dir);
	matrix_format_plan(m, &now);
	if (read_file(path.buf, &recorded, READ_LIMIT_RECORDS) < 0)
		ret = -1;
	else if (strcmp(recorded.buf, now.buf))
		ret = error("%s does not match the plan of %s/experiment.yaml; was either edited?",
			    path.buf, dir);
	strbuf_release(&path);
	strbuf_release(&recorded);
	strbuf_release(&now);
	return ret;
}

int setup_from_rundir(const char *dir, struct run_options *opts, struct experiment *exp,
		      struct matrix *m)
{
	struct strbuf path = STRBUF_INIT;
	int ret = -1;

	strbuf_addf(&path, "%s/experiment.yaml", dir);
	if (read_only_filters(dir, &opts->only) < 0 || spec_load(path.buf, exp) < 0)
		goto out;
	if (matrix_build(exp, &opts->only, exp->repetitions, exp->seed, m) < 0) {
		spec_free(exp);
		goto out;
	}
	ret = same_plan(dir, m);
	if (ret) {
		matrix_free(m);
		spec_free(exp);
	}
out:
	if (ret)
		strvec_clear(&opts->only);
	strbuf_release(&path);
	return ret;
}

static void list_failures(const struct rundir *rd, const struct matrix *m)
{
	struct journal_replay r;

	if (journal_replay(rd->path, m->nr_plan, 0, &r) < 0)
		return;
	for (size_t i = 0; i < r.nr; i++) {
		const struct plan_entry *e = &m->plan[i];
		if (r.entries[i].state != ENTRY_FAILED)
			continue;
		printf("  %s %s %s %s %d: %s after %d attempt%s%s%s\n", e->cell->host->name,
		       e->cell->rt->name, e->cell->app->name, e->warmup ? "warm-up" : "rep",
		       e->repetition, r.entries[i].status, r.entries[i].attempts,
		       r.entries[i].attempts == 1 ? "" : "s", r.entries[i].detail ? ": " : "",
		       r.entries[i].detail ? r.entries[i].detail : "");
	}
	journal_replay_free(&r);
}

int setup_finish(const struct rundir *rd, const struct matrix *m,
		 const struct engine_result *result)
{
	if (result->damaged) { /* nothing ran and nothing changed: resuming again cannot help */
		fprintf(stderr, "%s is as it was\n", rd->path);
		if (result->damaged == DAMAGED_JOURNAL)
			fprintf(stderr,
				"to move the damaged journal lines aside and go on:\n"
				"  crbench resume --set-aside-damaged %s\n",
				rd->path);
		return EXIT_USAGE;
	}
	if (result->failed) {
		printf("\n%d of %zu repetitions failed:\n", result->failed, m->nr_plan);
		list_failures(rd, m);
	}
	if (rd->final) { /* never committed: nothing ran, and the staging directory goes */
		error("%s before the first repetition; %s was not created",
		      result->interrupted ? "interrupted" : "stopped", rd->final);
		return result->interrupted ? 130 : EXIT_CELLS_FAILED;
	}
	if (result->interrupted || result->stopped) {
		error("%s with %zu of %zu repetitions left; everything recorded is in %s",
		      result->interrupted ? "interrupted" : "stopped", result->remaining,
		      m->nr_plan, rd->path);
		fprintf(stderr, "continue with: crbench resume %s\n", rd->path);
		return result->interrupted ? 130 : EXIT_CELLS_FAILED;
	}
	printf("\n%zu repetitions, %d failed; results in %s\n", m->nr_plan, result->failed,
	       rd->path);
	printf("next: crbench analyze %s && crbench report %s\n", rd->path, rd->path);
	return result->failed ? EXIT_CELLS_FAILED : EXIT_OK;
}
