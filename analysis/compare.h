#ifndef CRBENCH_COMPARE_H
#define CRBENCH_COMPARE_H

#include "analysis/wilcoxon.h"

#include <stddef.h>

struct group_summary;
struct summary;

/*
 * Comparisons of a run: every runtime against the baseline runtime within
 * (host_type, application, variant, metric), and nested-vm against
 * bare-metal within (runtime, application, variant, metric). One family:
 * the Holm adjustment runs over all of them.
 */
enum comparison_kind { COMPARE_RUNTIME, COMPARE_HOST_TYPE };

struct comparison {
	enum comparison_kind kind;
	const struct group_summary *baseline, *candidate; /* borrowed from the summary */
	double ratio;	 /* median(candidate) / median(baseline); NaN when undefined */
	double slowdown; /* the ratio oriented by `better`: > 1 is always worse */
	double ratio_ci_low, ratio_ci_high; /* percentile bootstrap, 95 % */
	size_t bootstrap_b;		    /* 0: not computed (NaN above) */
	struct wilcoxon_result test;	    /* candidate (x) against baseline (y) */
	double p_holm;
};

struct comparison_set {
	struct comparison *items; /* runtime comparisons first, each kind in the groups' order */
	size_t nr, alloc;
	const char *baseline; /* the baseline runtime used; NULL without groups */
};

struct compare_options {
	const char *baseline; /* a runtime; NULL: the first runtime of the groups */
	size_t bootstrap_b;   /* resamples per group; 0 skips the interval */
	unsigned long seed;
};

/* Whether some group of `s` has this runtime. */
int summary_has_runtime(const struct summary *s, const char *runtime);

/*
 * Build and compute every comparison of `s` into `out` (empty). Fails
 * (with error()) when opts->baseline names no runtime of `s`.
 */
int compare_build(const struct summary *s, const struct compare_options *opts,
		  struct comparison_set *out);
void comparison_set_clear(struct comparison_set *set);

/*
 * Fill in every comparison's own numbers (all but p_holm), on as many
 * threads as there are processors (compare_compute.c).
 */
void compare_compute(struct comparison_set *set, const struct summary *s,
		     const struct compare_options *opts);

/* "runtime" or "host_type", as comparisons.csv writes the kind. */
const char *comparison_kind_name(enum comparison_kind kind);
/* The names compared: runtimes, or host types. */
const char *comparison_baseline_name(const struct comparison *c);
const char *comparison_candidate_name(const struct comparison *c);

#endif
