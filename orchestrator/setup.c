#include "orchestrator/setup.h"
#include "common/error.h"
#include "common/parse_options.h"
#include "common/timeutil.h"
#include "orchestrator/workload.h"

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

int setup_from_args(int argc, const char **argv, const char *const *usage, struct run_options *opts,
		    struct experiment *exp, struct matrix *m, struct strbuf *dir)
{
	struct option_spec options[] = {RUN_OPTIONS(opts), OPT_END()};

	opts->seed = SEED_UNSET;
	if (parse_options(argc, argv, options, usage) != 1) {
		error("expected exactly one experiment file");
		print_usage(stderr, usage, options);
		return EXIT_USAGE;
	}
	if (spec_load(argv[0], exp) < 0)
		return EXIT_USAGE;
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
	double work, total = matrix_estimate(m, &work);
	char total_s[32], work_s[32];

	format_duration(total_s, total);
	format_duration(work_s, work);
	printf("experiment %s (%s)\n", exp->name, exp->file);
	if (*exp->description)
		printf("  %s\n", exp->description);
	printf("\n");
	print_cells(m);
	printf("\n%zu cells x %d repetitions = %zu repetitions, seed %lu, randomized order\n",
	       m->nr_cells, m->repetitions, m->nr_plan, exp->seed);
	printf("estimated duration: %s (%s of workload, ~%.0f s overhead per repetition)\n",
	       total_s, work_s, REPETITION_OVERHEAD_SECONDS);
	if (dir)
		printf("results: %s\n", dir);
}
