#ifndef CRBENCH_MATRIX_H
#define CRBENCH_MATRIX_H

#include "common/strvec.h"
#include "spec/spec.h"

#include <stdint.h>

struct strbuf;

/* One point of host x runtime x application x variant. */
struct cell {
	size_t index; /* in declaration order */
	const struct spec_host *host;
	const struct spec_runtime *rt;
	const struct spec_application *app;
	const char *variant;
	const char *name; /* host.runtime.application.variant: its raw/ directory */
};

/* One repetition of one cell, in execution order. */
/* Kept to 16 bytes: a plan may hold millions of them (see tests/bench/plan-rss). */
struct plan_entry {
	struct cell *cell;
	uint32_t order;		  /* 1-based position in the plan */
	uint32_t repetition : 31; /* 1-based, counted separately for warm-up and measured ones */
	uint32_t warmup : 1;	  /* an unmeasured repetition before the measured ones */
};

struct matrix {
	struct cell *cells; /* declaration order: host, runtime, application, variant */
	size_t nr_cells;
	char *names; /* every cell's name, one after the other */
	struct plan_entry *plan;
	size_t nr_plan;
	int repetitions;
	int warmup; /* warm-up repetitions per cell, before the measured ones */
};

/*
 * Expand the experiment, keeping only cells that match every `only` filter
 * (KEY=V[,V] with KEY host, host_type, runtime, application or variant),
 * and order exp->warmup warm-up rounds, then `repetitions` measured rounds.
 * Randomized order: each round is a permutation of the cells drawn with
 * GSL's MT19937 seeded with `seed`, so the same seed gives the same plan and
 * no cell starts round r+1 before every cell finished round r. Sequential
 * order: declaration order, all repetitions of a cell in a row.
 */
int matrix_build(const struct experiment *exp, const struct strvec *only, int repetitions,
		 unsigned long seed, struct matrix *m);
void matrix_free(struct matrix *m);
/* plan.tsv: a header and one line per plan entry. */
void matrix_format_plan(const struct matrix *m, struct strbuf *out);
/* The round (1-based) in which every cell runs once: warm-up rounds come first. */
int plan_entry_round(const struct matrix *m, const struct plan_entry *e);
/* raw/<cell>/<rep>, or raw/<cell>/warmup-<rep> */
void plan_entry_dir(struct strbuf *sb, const struct plan_entry *e);
/*
 * Expected seconds for the whole plan: workload time (with the idle period
 * when idle memory is measured) plus a per-repetition overhead.
 */
/* The part of the workload time spent idling before idle memory is measured. */
double matrix_idle_seconds(const struct experiment *exp, const struct matrix *m);
double matrix_estimate(const struct experiment *exp, const struct matrix *m,
		       double *workload_seconds);

/*
 * Runtime x application pairs, for figures per "similar cell" (ETA, status):
 * the pair's index in [0, nr_runtimes * nr_apps), and the seconds one
 * repetition of it is expected to take: the mean of `n` measured ones
 * totalling `sum`, else the plan's estimate.
 */
size_t matrix_pair(const struct experiment *exp, const struct cell *c);
double matrix_pair_seconds(const struct experiment *exp, size_t pair, double sum, size_t n);

/* Seconds a repetition costs beyond the workload itself (container start, clean-up). */
#define REPETITION_OVERHEAD_SECONDS 1.0

#endif
