/*
 * crbench status DIR: where a run stands, read from plan.tsv and the
 * journal alone (it works while the run is going on, and after a crash).
 */
#include "common/error.h"
#include "common/parse_options.h"
#include "common/timeutil.h"
#include "common/xalloc.h"
#include "cli/commands.h"
#include "orchestrator/engine/journal.h"
#include "orchestrator/engine/rundir.h"
#include "cli/run_setup.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_usage[] = {
	"crbench status DIR",
	"",
	"Show, per runtime x application, how many repetitions are done, failed and",
	"left, an estimate of the time left, and the last error of each failing cell.",
	NULL,
};

struct tally {
	size_t done, failed, left;
	double seconds; /* of the recorded ones, for the estimate */
};

static void tally(const struct experiment *exp, const struct matrix *m,
		  const struct journal_replay *r, struct tally *t)
{
	for (size_t i = 0; i < m->nr_plan; i++) {
		struct tally *p = &t[matrix_pair(exp, m->plan[i].cell)];
		if (r->entries[i].state == ENTRY_DONE)
			p->done++;
		else if (r->entries[i].state == ENTRY_FAILED)
			p->failed++;
		else
			p->left++;
		if (r->entries[i].state == ENTRY_DONE || r->entries[i].state == ENTRY_FAILED)
			p->seconds += r->entries[i].seconds;
	}
}

/* Remaining time if each pair keeps its mean duration (hosts taken as one). */
static double estimate_left(const struct experiment *exp, const struct tally *t)
{
	double left = 0;

	for (size_t k = 0; k < exp->nr_runtimes * exp->nr_apps; k++)
		left += matrix_pair_seconds(exp, k, t[k].seconds, t[k].done + t[k].failed) *
			(double)t[k].left;
	return left;
}

static void print_table(const struct experiment *exp, const struct tally *t)
{
	struct tally all = {0};
	char left[32];

	printf("%-14s %-16s %6s %6s %6s\n", "runtime", "application", "done", "failed", "left");
	for (size_t k = 0; k < exp->nr_runtimes * exp->nr_apps; k++) {
		printf("%-14s %-16s %6zu %6zu %6zu\n", exp->runtimes[k / exp->nr_apps].name,
		       exp->apps[k % exp->nr_apps].name, t[k].done, t[k].failed, t[k].left);
		all.done += t[k].done;
		all.failed += t[k].failed;
		all.left += t[k].left;
	}
	printf("%-31s %6zu %6zu %6zu\n", "total", all.done, all.failed, all.left);
	format_duration(left, estimate_left(exp, t));
	if (all.left)
		printf("estimated time left: %s\n", left);
	else
		printf("complete%s\n", all.failed ? ", with failures" : "");
}

/* The last recorded error of every cell that has one. */
static void print_errors(const struct matrix *m, const struct journal_replay *r)
{
	size_t *last = xcalloc(m->nr_cells ? m->nr_cells : 1, sizeof(*last));
	int any = 0;

	for (size_t i = 0; i < m->nr_plan; i++)
		if (r->entries[i].detail)
			last[m->plan[i].cell->index] = i + 1;
	for (size_t c = 0; c < m->nr_cells; c++) {
		const struct journal_entry *e = last[c] ? &r->entries[last[c] - 1] : NULL;
		if (!e)
			continue;
		if (!any++)
			printf("\nlast error per failing cell:\n");
		printf("  %s: %s: %s\n", m->cells[c].name, e->status, e->detail);
	}
	free(last);
}

int cmd_status(int argc, const char **argv)
{
	struct option_spec options[] = {OPT_END()};
	struct run_options opts = {0};
	struct rundir rd = {0};
	struct experiment exp;
	struct matrix m;
	struct journal_replay r;
	int ret = EXIT_USAGE;

	if (parse_options(argc, argv, options, status_usage) != 1) {
		error("expected exactly one run directory");
		print_usage(stderr, status_usage, options);
		return EXIT_USAGE;
	}
	if (rundir_open(&rd, argv[0]) < 0 || setup_from_rundir(rd.path, &opts, &exp, &m) < 0) {
		rundir_release(&rd);
		return EXIT_USAGE;
	}
	if (journal_replay(rd.path, m.nr_plan, 0, &r) == 0) {
		struct tally *t = xcalloc(exp.nr_runtimes * exp.nr_apps, sizeof(*t));
		tally(&exp, &m, &r, t);
		printf("run %s: %zu repetitions in the plan\n\n", rd.run_id, m.nr_plan);
		print_table(&exp, t);
		print_errors(&m, &r);
		free(t);
		journal_replay_free(&r);
		ret = EXIT_OK;
	}
	strvec_clear(&opts.only);
	matrix_free(&m);
	spec_free(&exp);
	rundir_release(&rd);
	return ret;
}
